import Foundation
import Hummingbird
import HTTPTypes
import KioskDomain
import StoreAPI

/// The counter's pages: voucher batches (generate, print, PDF) and blocking codes.
extension ConsoleRoutes {
    func registerCounter(on router: Router<StoreRequestContext>) {
        router.get("console/batches") { request, context in
            try await batchesPage(try await signedIn(request, context), notice: message(request))
        }
        router.post("console/batches") { request, context in
            let (staff, form) = try await signedInForm(request, context)
            do {
                let options = try batchOptions(form)
                let id = try await store.createBatch(options, staff: staff, now: clock.now())
                context.logger.notice("voucher batch", metadata: ["batch": .stringConvertible(id), "user": .string(staff.username)])
                return ConsoleView.redirect("/console/batches/\(id)?done=batch")
            } catch let refusal as Refusal {
                return try await batchesPage(staff, error: refusal.message, status: Self.status(of: refusal))
            }
        }
        router.get("console/batches/:id") { request, context in
            let staff = try await signedIn(request, context)
            return try await batchPage(staff, id: context.parameters.get("id") ?? "", notice: message(request))
        }
        router.post("console/batches/:id/print") { request, context in
            let (staff, form) = try await signedInForm(request, context)
            let idText = context.parameters.get("id") ?? ""
            do {
                try InputRules.identifier(form["queue"], "printer queue")
                let (detail, sheet, reissued) = try await sheet(idText, stock: form["stock"], staff: staff)
                let outcome = try await printing.print(sheet, queue: form["queue"], title: "vouchers batch \(detail.summary.id)")
                try await store.audit(staff, "batch_printed", "batch \(detail.summary.id) on \(form["queue"]) as \(outcome.jobID)",
                                      now: clock.now())
                let passwords = !detail.summary.holdsAccounts ? ""
                    : reissued ? "; NEW passwords issued: cards printed before no longer log in" : "; passwords issued"
                let detailText = ConsoleText.query("\(detail.items.count) cards on \(form["queue"]), job \(outcome.jobID) completed\(passwords)")
                return ConsoleView.redirect("/console/batches/\(detail.summary.id)?done=printed&detail=\(detailText)")
            } catch let refusal as Refusal {
                return try await batchPage(staff, id: idText, error: refusal.message, status: Self.status(of: refusal))
            }
        }
        router.get("console/batches/:id/vouchers.pdf") { request, context in
            let staff = try await signedIn(request, context)
            let idText = context.parameters.get("id") ?? ""
            do {
                let query = ConsoleForm(encoded: request.uri.query ?? "")
                let (detail, sheet, reissued) = try await sheet(idText, stock: query["stock"], staff: staff)
                let bytes = try printing.pdf(sheet)
                try await store.audit(staff, "batch_downloaded", "batch \(detail.summary.id) as PDF", now: clock.now())
                var headers = ConsoleView.securityHeaders
                headers[.contentType] = "application/pdf"
                headers[.contentDisposition] = "attachment; filename=\"vouchers-batch-\(detail.summary.id).pdf\""
                // Says so where a script or the browser's download bar can see it: the cards before are void.
                if detail.summary.holdsAccounts { headers[HTTPField.Name("X-Kiosk-Passwords")!] = reissued ? "reissued" : "issued" }
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
            } catch let refusal as Refusal {
                return try await batchPage(staff, id: idText, error: refusal.message, status: Self.status(of: refusal))
            }
        }

        router.get("console/codes") { request, context in
            try await codesPage(try await signedIn(request, context), notice: message(request))
        }
        router.post("console/codes/block") { request, context in
            let (staff, form) = try await signedInForm(request, context)
            do {
                let code = try await store.block(form["code"], reason: form["reason"], staff: staff, now: clock.now())
                context.logger.notice("code blocked", metadata: ["code": .string(code.canonical), "user": .string(staff.username)])
                return ConsoleView.redirect("/console/codes?done=blocked&detail=\(code.grouped)")
            } catch let refusal as Refusal {
                return try await codesPage(staff, error: refusal.message, status: Self.status(of: refusal))
            }
        }
        router.post("console/codes/unblock") { request, context in
            let (staff, form) = try await signedInForm(request, context)
            do {
                try await store.unblock(form["code"], staff: staff, now: clock.now())
                return ConsoleView.redirect("/console/codes?done=unblocked&detail=\(ConsoleText.query(form["code"]))")
            } catch let refusal as Refusal {
                return try await codesPage(staff, error: refusal.message, status: Self.status(of: refusal))
            }
        }
    }

    /// Every option of `VoucherBatch`, from the batch form.
    func batchOptions(_ form: ConsoleForm) throws(Refusal) -> VoucherBatch {
        guard let count = Int(form["count"]) else { throw Refusal("invalid_input", "how many vouchers? give a number") }
        guard let kind = VoucherBatch.Kind(rawValue: form["kind"]) else { throw Refusal("invalid_input", "unknown voucher type") }
        guard let sell = SellMode(rawValue: form["sell"].isEmpty ? "now" : form["sell"]) else {
            throw Refusal("invalid_input", "sell now or later")
        }
        guard let accountKind = Account.Kind(rawValue: form["account_kind"].isEmpty ? "prepaid" : form["account_kind"]) else {
            throw Refusal("invalid_input", "unknown account kind")
        }
        let discount = try InputRules.percent(form["discount"], "discount")
        func number(_ name: String, _ fallback: Int) throws(Refusal) -> Int {
            if form[name].isEmpty { return fallback }
            guard let value = Int(form[name]) else { throw Refusal("invalid_input", "\(name.replacingOccurrences(of: "_", with: " ")) must be a number") }
            return value
        }
        return VoucherBatch(count: count, kind: kind, planID: form["plan"], discountBasisPoints: discount,
                            prefix: form["prefix"].isEmpty ? "USER" : form["prefix"],
                            startNumber: try number("start_number", 1), passwordLength: try number("password_length", PasswordGenerator.minimumLength),
                            accountKind: accountKind, codeLength: try number("code_length", AccessCode.defaultRandomLength),
                            sellMode: sell)
    }

    /// The batch's sheet. An account batch's passwords are issued now (`ConsoleStore.issuePasswords`):
    /// the store keeps none, so every print or download is a new set and voids the cards before.
    private func sheet(_ idText: String, stock: String, staff: ConsoleStaff) async throws
        -> (VoucherBatchDetail, VoucherSheet, reissued: Bool) {
        guard let id = Int64(idText), let stored = try await store.batch(id) else {
            throw Refusal("unknown_batch", "there is no batch \(idText.prefix(20))")
        }
        let (detail, reissued) = try await store.issuePasswords(stored, staff: staff, now: clock.now())
        let catalog = try await store.catalogOrEmpty()
        let planName = catalog.plans.first { $0.id == detail.summary.planID }?.name ?? detail.summary.planID
        let zone = TimeZone(identifier: catalog.siteTimeZone) ?? TimeZone(identifier: "UTC")!
        let paper: VoucherSheet.Stock = stock == "card" ? .card : .a4(columns: 2, rows: 5)
        return (detail, CounterVouchers.sheet(detail, planName: planName, stock: paper, timeZone: zone), reissued)
    }

    private func batchesPage(_ staff: ConsoleStaff, notice: String? = nil, error: String? = nil,
                             status: HTTPResponse.Status = .ok) async throws -> Response {
        let catalog = try await store.catalogOrEmpty()
        let zone = TimeZone(identifier: catalog.siteTimeZone) ?? TimeZone(identifier: "UTC")!
        let plans: [[String: Any]] = catalog.plans.map { plan in
            ["id": plan.id, "name": plan.name, "price": ConsoleMoney.text(plan.pricePlan?.effectivePrice.minorUnits ?? plan.price.minor, plan.price.currency)]
        }
        let batches: [[String: Any]] = try await store.batches().map { batch in
            ["id": batch.id, "createdAt": ConsoleText.time(batch.createdAt, zone), "count": batch.count, "kind": batch.kind,
             "planID": batch.planID, "sellMode": batch.sellMode, "unitPrice": ConsoleMoney.text(batch.unitPrice, batch.currency),
             "createdBy": batch.createdBy]
        }
        return view.page("batches", title: "Vouchers", staff: staff, path: "/console/batches",
                         values: ["plans": plans, "batches": batches], notice: notice, error: error, status: status)
    }

    private func batchPage(_ staff: ConsoleStaff, id idText: String, notice: String? = nil, error: String? = nil,
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let id = Int64(idText), let detail = try await store.batch(id) else {
            return view.page("message", title: "Not found", staff: staff, path: "/console/batches",
                             values: ["heading": "No such batch", "text": "There is no voucher batch \(idText.prefix(20))."], status: .notFound)
        }
        let (queues, problem) = await printing.queues()
        var values: [String: Any] = [
            "id": detail.summary.id, "count": detail.summary.count, "kind": detail.summary.kind, "planID": detail.summary.planID,
            "unitPrice": ConsoleMoney.text(detail.unitPrice, detail.currency), "sellMode": detail.summary.sellMode,
            "createdBy": detail.summary.createdBy, "few": detail.items.count <= 20,
            "accounts": detail.summary.holdsAccounts,
            "passwordsIssued": detail.summary.passwordsIssued > 0 ? "issued \(detail.summary.passwordsIssued) times" : "not issued yet",
            "queues": queues.map { ["name": $0.name, "state": $0.health.state.rawValue] as [String: Any] },
            "items": detail.items.enumerated().map { index, item -> [String: Any] in
                ["position": index + 1,
                 "login": detail.summary.holdsAccounts ? item.login : (try? AccessCode.parse(item.login).grouped) ?? item.login]
            },
        ]
        if let problem { values["queueProblem"] = "No printer list: \(problem)" }
        else if queues.isEmpty { values["queueProblem"] = "The CUPS scheduler has no queue: add one with lpadmin." }
        return view.page("batch", title: "Batch \(id)", staff: staff, path: "/console/batches", values: values,
                         notice: notice, error: error, status: status)
    }

    private func codesPage(_ staff: ConsoleStaff, notice: String? = nil, error: String? = nil,
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let zone = try await store.repository.siteTimeZone()
        let blocked: [[String: Any]] = try await store.blockedCodes().map { entry in
            ["code": (try? AccessCode.parse(entry.code).grouped) ?? entry.code, "reason": entry.reason, "by": entry.by,
             "at": ConsoleText.time(entry.at, zone)]
        }
        return view.page("codes", title: "Codes", staff: staff, path: "/console/codes", values: ["blocked": blocked],
                         notice: notice, error: error, status: status)
    }
}
