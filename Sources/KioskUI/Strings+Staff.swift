extension Strings {
    public var staffTitle: String { t2("Staff", "Персонал") }
    public var enterPIN: String { t2("Enter staff PIN (at least 6 digits)", "Введите PIN (не менее 6 цифр)") }
    public var clear: String { t2("Clear", "Сброс") }
    public var ok: String { "OK" }
    public func pinWrong(_ left: Int) -> String { t2("Wrong PIN. \(left) attempts left.", "Неверный PIN. Осталось попыток: \(left).") }
    public func pinLocked(_ minutes: Int) -> String {
        t2("Too many wrong PINs. Entry is locked for \(minutes) min.", "Слишком много ошибок. Вход заблокирован на \(minutes) мин.")
    }
    public var pinTooShort: String { t2("A PIN has at least 6 digits.", "PIN содержит не менее 6 цифр.") }
    public var collection: String { t2("Cash collection", "Инкассация") }
    public var vouchers: String { t2("Print vouchers", "Печать ваучеров") }
    public var reprint: String { t2("Reprint receipt", "Повтор чека") }
    public var credits: String { t2("Customer credits", "Остатки клиентов") }
    public var deviceStatus: String { t2("Device status", "Устройства") }
    public var outOfServiceOn: String { t2("Put out of service", "Снять с работы") }
    public var outOfServiceOff: String { t2("Back in service", "Вернуть в работу") }
    public var exit: String { t2("Exit", "Выход") }
    public var denomination: String { t2("Note", "Купюра") }
    public var expected: String { t2("Expected", "Ожидается") }
    public var counted: String { t2("Counted", "Пересчитано") }
    /// Narrow column headers for the collection table.
    public var expectedShort: String { t2("Kiosk", "Касса") }
    public var countedShort: String { t2("Counted", "Факт") }
    public var collector: String { t2("Collector", "Инкассатор") }
    public var bagNumber: String { t2("Bag / seal no.", "Сумка / пломба №") }
    public var confirm: String { t2("Confirm collection", "Подтвердить инкассацию") }
    /// The 7″ panel's footer has room for the verb only.
    public var confirmShort: String { t2("Confirm", "Подтвердить") }
    public var difference: String { t2("Difference", "Разница") }
    public var tapToEnter: String { t2("tap to enter", "нажмите для ввода") }
    public var plan: String { t2("Plan", "Тариф") }
    public var count: String { t2("Count", "Количество") }
    public var print: String { t2("Print", "Печать") }
    public var noCredits: String { t2("No outstanding credits.", "Остатков нет.") }
    public var total: String { t2("Total", "Итого") }
    public var printer: String { t2("Printer", "Принтер") }
    public var cashAcceptor: String { t2("Cash acceptor", "Купюроприёмник") }
    public var store: String { t2("Store server", "Сервер") }
    public var disk: String { t2("Disk", "Диск") }
    public var statusOK: String { t2("OK", "Исправен") }
    public var inService: String { t2("Kiosk is in service", "Терминал работает") }
    public var outOfServiceSwitched: String { t2("Kiosk is out of service", "Терминал выведен из работы") }
    public func collectionRecorded(_ m: String) -> String { t2("Collection of \(m) recorded.", "Инкассация \(m) записана.") }
    public func vouchersPrinting(_ n: Int) -> String { t2("Printing \(n) vouchers…", "Печатается ваучеров: \(n)…") }
    public var receiptReprinted: String { t2("Last receipt sent to the printer.", "Последний чек отправлен на печать.") }
    public var noReceipt: String { t2("There is no receipt to reprint.", "Нет чека для повтора.") }
    public func failed(_ why: String) -> String { t2("Failed: \(why)", "Ошибка: \(why)") }

    private func t2(_ en: String, _ ru: String) -> String { language == .en ? en : ru }
}
