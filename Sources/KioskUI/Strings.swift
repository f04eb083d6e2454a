import KioskDomain

/// Every word the kiosk shows, in English and Russian. One computed property per phrase keeps
/// both languages side by side and makes a missing translation a compile error.
public struct Strings: Sendable {
    public let language: MoneyFormatter.Language

    public init(_ language: MoneyFormatter.Language) { self.language = language }

    private func t(_ en: String, _ ru: String) -> String { language == .en ? en : ru }

    // MARK: Idle
    public var welcome: String { t("Internet & games — prepaid time", "Интернет и игры — предоплата") }
    public var chooseLanguage: String { t("Language", "Язык") }
    public var largeText: String { t("Large text", "Крупный текст") }
    public var highContrast: String { t("High contrast", "Контраст") }
    public var plansOnSale: String { t("Tickets on sale now", "Билеты в продаже сейчас") }
    public var noPlansOnSale: String { t("No tickets are on sale right now.", "Сейчас билеты не продаются.") }
    public var buyTime: String { t("Time for any amount", "Время на любую сумму") }
    /// The 7″ panel's labels: one line in half its width at the ADA text size.
    public var buyTimeShort: String { t("Any amount", "Любая сумма") }
    public var refillShort: String { t("Top up", "Пополнить") }
    /// A list longer than the panel holds, a page at a time.
    public var nextPage: String { t("More ▸", "Ещё ▸") }
    public var previousPage: String { t("◂ Back", "◂ Назад") }
    public var buyTimeDetail: String { t("Insert what you like", "Внесите любую сумму") }
    public var refill: String { t("Top up a ticket or account", "Пополнить билет или аккаунт") }
    public var refillOfflineDetail: String { t("Known tickets only: store offline", "Только известные билеты: нет связи") }
    /// A kiosk without a central store refills what it sold itself: nothing is broken.
    public var refillStandaloneDetail: String { t("Tickets and accounts of this kiosk", "Билеты и счета этого киоска") }
    public func keptCredit(_ m: String) -> String {
        t("Your credit of \(m) is kept. Choose a ticket to use it.", "Ваш остаток \(m) сохранён. Выберите билет, чтобы его использовать.")
    }
    /// The 7″ panel's kept-credit line: two lines at most above its plans.
    public func keptCreditShort(_ m: String) -> String { t("Your \(m) is kept: choose a ticket.", "Остаток \(m) сохранён: выберите билет.") }
    public var anyTime: String { t("Any time", "В любое время") }
    public var allZones: String { t("All zones", "Все зоны") }
    public func zone(_ z: String) -> String { t("Zone \(z)", "Зона \(z)") }
    public var weekdayShort: [String] {
        language == .en ? ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] : ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]
    }
    public var everyDay: String { t("Daily", "Ежедневно") }

    // MARK: Time
    public func closingIn(_ seconds: Int) -> String {
        t("Still there? This screen closes in \(seconds) s", "Вы здесь? Экран закроется через \(seconds) с")
    }
    public func closingInKeepsCredit(_ seconds: Int, _ m: String) -> String {
        t("Still there? Payment ends in \(seconds) s; your \(m) stays as credit",
          "Вы здесь? Оплата закончится через \(seconds) с; ваши \(m) сохранятся")
    }
    /// The 7″ panel's countdown: the same news in a line or two.
    public func closingInShort(_ seconds: Int) -> String { t("Closing in \(seconds) s", "Закроется через \(seconds) с") }
    public func closingInKeepsCreditShort(_ seconds: Int, _ m: String) -> String {
        t("Ends in \(seconds) s; \(m) is kept", "Конец через \(seconds) с; \(m) сохранится")
    }
    public var moreTime: String { t("More time", "Ещё время") }

    // MARK: Payment
    public var insertNotes: String { t("Insert banknotes", "Вставьте купюры") }
    public var price: String { t("Price", "Цена") }
    public var inserted: String { t("Inserted", "Внесено") }
    public var stillToPay: String { t("Still to pay", "Осталось внести") }
    public var paid: String { t("Paid", "Оплачено") }
    public var insertNotesHere: String { t("Insert notes here", "Вставьте купюры сюда") }
    public func notesUpTo(_ m: String) -> String { t("Notes up to \(m)", "Купюры до \(m)") }
    public func checkingNote(_ m: String) -> String { t("Checking your \(m) note…", "Проверяем купюру \(m)…") }
    public var youGet: String { t("You get", "Вы получите") }
    public var acceptedNotes: String { t("Accepted notes", "Принимаются купюры") }
    public var notesInserted: String { t("Notes in", "Внесены купюры") }
    public var cancel: String { t("Cancel", "Отмена") }
    public var cancelKeepsCredit: String { t("Cancel — money in is kept as credit", "Отмена — внесённое сохранится") }
    public var done: String { t("Done", "Готово") }
    public var back: String { t("Back", "Назад") }
    public func minimumAmount(_ m: String) -> String { t("Minimum \(m)", "Минимум \(m)") }
    public func noteReturned(_ m: String) -> String {
        t("The \(m) note was given back: it is more than the price. Please insert a smaller note.",
          "Купюра \(m) возвращена: она больше суммы к оплате. Вставьте купюру меньшего номинала.")
    }
    public var noteRejected: String { t("This note was not accepted. Please try another one.", "Купюра не принята. Попробуйте другую.") }
    public var acceptorBusy: String { t("One moment…", "Подождите…") }

    // MARK: Printing and done
    public var printing: String { t("Printing your receipt…", "Печатаем чек…") }
    public var paymentReceived: String { t("Payment received", "Оплата получена") }
    public var yourCode: String { t("Your code", "Ваш код") }
    public var takeReceipt: String { t("Take your receipt", "Заберите чек") }
    public var scanOrType: String { t("Scan the QR code or type the code to log in", "Отсканируйте QR-код или введите код для входа") }
    public var paperOut: String {
        t("The printer is out of paper. Write down or photograph this code: it is saved, and staff can reprint it.",
          "В принтере закончилась бумага. Запишите или сфотографируйте код: он сохранён, персонал может его распечатать.")
    }
    public var printerFault: String {
        t("The receipt could not be printed. Write down or photograph this code: it is saved, and staff can reprint it.",
          "Чек не напечатан. Запишите или сфотографируйте код: он сохранён, персонал может его распечатать.")
    }
    /// The 7″ panel's paper-out and printer-fault line, next to the code and its QR.
    public var receiptNotPrintedShort: String {
        t("No receipt: photograph this code. Staff can reprint it.", "Нет чека. Сфотографируйте код: персонал распечатает.")
    }
    public func validUntil(_ d: String) -> String { t("Valid until \(d)", "Действует до \(d)") }
    public func surplus(_ m: String) -> String { t("Extra \(m) added to your code", "Ещё \(m) добавлено к коду") }

    // MARK: Refill
    public var refillTitle: String { t("Top up", "Пополнение") }
    public var ticketCode: String { t("Ticket code", "Код билета") }
    public var username: String { t("Username", "Имя пользователя") }
    public var typeCode: String { t("Type the code from your ticket", "Введите код с билета") }
    public var typeUsername: String { t("Type your username", "Введите имя пользователя") }
    public var codeLooksRight: String { t("Code looks right ✓", "Код введён верно ✓") }
    public var codeHasTypo: String { t("The code has a typo", "В коде опечатка") }
    public var codeIncomplete: String { t("Keep typing…", "Продолжайте ввод…") }
    public var codeBadCharacter: String { t("Codes never contain this letter", "Такой буквы в кодах нет") }
    public var find: String { t("Find", "Найти") }
    public var lookingUp: String { t("Looking up…", "Ищем…") }
    public var currentBalance: String { t("Current balance", "Текущий баланс") }
    public var chooseTopUp: String { t("Choose a top-up", "Выберите пополнение") }
    public var newBalance: String { t("New balance", "Новый баланс") }
    public var topUpDone: String { t("Topped up", "Пополнено") }
    public var nothingLeft: String { t("Nothing left", "Пусто") }
    public var refillUnavailableOffline: String {
        t("Top-ups of this ticket or account are not available right now: the kiosk cannot reach the server. Tickets are still on sale.",
          "Пополнение этого билета или аккаунта сейчас недоступно: нет связи с сервером. Билеты продаются как обычно.")
    }
    public func refillNotFound(_ q: String) -> String {
        t("No ticket or account \(q) was found. Check the code and try again.",
          "Билет или аккаунт \(q) не найден. Проверьте код и попробуйте ещё раз.")
    }
    public func refillRefused(_ reason: RefillError) -> String {
        switch reason {
        case .targetExpired: t("This ticket has expired and cannot be topped up.", "Срок билета истёк, пополнить его нельзя.")
        case .accountNotPrepaid: t("This account is paid at the counter.", "Этот аккаунт оплачивается на стойке.")
        case .targetNotSold: t("This ticket has not been activated yet.", "Этот билет ещё не активирован.")
        case .targetBlocked: t("This code is blocked. Please ask staff at the counter.",
                               "Этот код заблокирован. Обратитесь к персоналу на стойке.")
        default: t("This ticket or account cannot be topped up. Please ask staff.", "Этот билет или аккаунт нельзя пополнить. Обратитесь к персоналу.")
        }
    }
    public var cancelled: String { t("Purchase cancelled", "Покупка отменена") }
    public var nothingTaken: String { t("No money was taken.", "Деньги не списаны.") }

    // MARK: Out of service
    public var starting: String { t("Starting…", "Запуск…") }
    public var startingDetail: String { t("One moment, the kiosk is getting ready.", "Минуту, терминал готовится к работе.") }
    public var outOfService: String { t("Out of service", "Не работает") }
    public var outOfServiceDetail: String { t("Sorry, this kiosk cannot sell right now.", "Извините, терминал временно не принимает оплату.") }
    public func callSupport(_ phone: String) -> String { t("Help: \(phone)", "Помощь: \(phone)") }

    // MARK: Units
    public func duration(minutes: Int64) -> String {
        let h = minutes / 60, m = minutes % 60
        switch (h, m) {
        case (0, _): return t("\(m) min", "\(m) мин")
        case (_, 0): return t("\(h) h", "\(h) ч")
        default: return t("\(h) h \(m) min", "\(h) ч \(m) мин")
        }
    }
    public var internet: String { t("internet", "интернет") }
    public var games: String { t("games", "игры") }
    public func megabytes(_ mb: Int64) -> String { mb >= 1024 && mb % 1024 == 0 ? "\(mb / 1024) GB" : "\(mb) MB" }
}
