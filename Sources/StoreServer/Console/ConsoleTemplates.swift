/// The console's pages as Mustache templates (swift-mustache), kept in the binary so kiosk-store
/// runs from any folder. `{{x}}` is HTML-escaped; only `{{{body}}}` (rendered HTML) is not.
/// Every form posts `csrf`; owner-only controls are wrapped in `{{#owner}}`.
enum ConsoleTemplates {
    static let all: [String: String] = [
        "layout": layout, "login": login, "home": home, "batches": batches, "batch": batch, "codes": codes,
        "sales": sales, "catalog": catalog, "plan": plan, "reports": reports, "kiosks": kiosks, "message": message,
        "staff": staff,
    ]

    static let layout = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · Kiosk store</title>
    <link rel="stylesheet" href="/console/style.css">
    </head><body>
    {{#staff}}
    <header class="top">
      <a class="brand" href="/console">Kiosk store</a>
      <nav>{{#nav}}<a href="{{href}}"{{#here}} class="here"{{/here}}>{{label}}</a>{{/nav}}</nav>
      <div class="who"><span>{{username}} · {{role}}</span>
        <form method="post" action="/console/logout"><input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" id="logout">Log out</button></form></div>
    </header>
    {{/staff}}
    <main>
    {{#notice}}<div class="flash notice" id="notice">{{notice}}</div>{{/notice}}
    {{#error}}<div class="flash error" id="error">{{error}}</div>{{/error}}
    {{{body}}}
    </main></body></html>
    """

    static let login = """
    <div class="login card">
      <h1>Staff console</h1>
      <form method="post" action="/console/login" id="login-form">
        <input type="hidden" name="csrf" value="{{loginCSRF}}">
        <p><label for="username">Username</label><input id="username" name="username" autocomplete="username" value="{{username}}" required></p>
        <p><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required></p>
        <div class="actions"><button type="submit" id="login">Log in</button></div>
      </form>
    </div>
    """

    static let home = """
    <h1>Today</h1>
    <div class="stats">
      <div class="stat"><div class="label">Takings today, net of voids</div><div class="value">{{today.net}}</div></div>
      <div class="stat"><div class="label">Refills today</div><div class="value">{{today.refills}}</div></div>
      <div class="stat"><div class="label">Cash in kiosk boxes</div><div class="value">{{cashInBoxes}}</div></div>
      <div class="stat"><div class="label">Outstanding credits</div><div class="value">{{credits}}</div></div>
    </div>
    <div class="card"><h2>Counter</h2>
      <div class="actions">
        <a class="button" href="/console/batches">Generate vouchers</a>
        <a class="button secondary" href="/console/codes">Block a code</a>
        <a class="button secondary" href="/console/reports">Reports</a>
        <a class="button secondary" href="/console/kiosks">Kiosk status</a>
      </div>
    </div>
    {{> kioskTable}}
    """

    static let kioskTable = """
    <div class="card"><h2>Kiosks</h2><div class="table-wrap"><table id="kiosks">
    <tr><th>Kiosk</th><th>Codes</th><th>Last sync</th><th>Devices</th><th class="num">Cash box</th><th class="num">Credits owed</th><th>Last collection</th></tr>
    {{#kiosks}}<tr><td><strong>{{name}}</strong><br><span class="hint">{{site}}</span></td><td><code>{{namespace}}…</code></td>
    <td>{{lastSync}} <span class="badge {{syncBadge}}">{{syncAge}}</span></td><td class="devices"><span class="badge {{devicesBadge}}">printer: {{printer}}</span><br>
    <span class="hint">bill acceptor: {{cashAcceptor}}<br>disk: {{disk}}<br>software: {{softwareVersion}}<br>reported {{devicesReported}}</span></td>
    <td class="num">{{cashInBox}}</td><td class="num">{{credits}}{{#openCredits}} <span class="hint">({{openCredits}})</span>{{/openCredits}}</td>
    <td>{{lastCollection}}</td></tr>{{/kiosks}}
    {{^kiosks}}<tr><td colspan="7">No kiosk is registered yet.</td></tr>{{/kiosks}}
    </table></div></div>
    """

    static let kiosks = """
    <h1>Kiosk status</h1>
    {{> kioskTable}}
    <p class="hint">Cash box: what the store's ledger says the box holds since its last collection.
    Devices: each kiosk's own report, sent after every sync.</p>
    <div class="card"><h2>Quarantine</h2><div class="table-wrap"><table id="quarantine">
    <tr><th>Kiosk</th><th>Event</th><th>Reason</th><th>Last sent</th><th class="num">Sent</th><th>State</th></tr>
    {{#quarantine}}<tr><td>{{kiosk}}</td><td><code>{{event}}</code><br><span class="hint">{{type}}</span></td>
    <td><strong>{{reason}}</strong><br><span class="hint">{{message}}</span></td><td>{{lastSeen}}</td><td class="num">{{attempts}}</td>
    <td><span class="badge {{badge}}">{{state}}</span>{{#open}}{{#owner}}
    <form method="post" action="/console/kiosks/quarantine/release"><input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="kiosk" value="{{kioskID}}"><input type="hidden" name="event" value="{{event}}">
    <button type="submit">Release</button></form>
    <form method="post" action="/console/kiosks/quarantine/dismiss"><input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="kiosk" value="{{kioskID}}"><input type="hidden" name="event" value="{{event}}">
    <input name="reason" placeholder="reason" required><button class="danger" type="submit">Dismiss</button></form>{{/owner}}{{/open}}</td></tr>{{/quarantine}}
    {{^quarantine}}<tr><td colspan="6">No kiosk event is held.</td></tr>{{/quarantine}}
    </table></div>
    <p class="hint">Events the store does not believe: their money or minutes follow from no plan of the catalog,
    or they refill a code or account a kiosk may not. They are not applied; the kiosk keeps each unsent, shows
    the reason on its staff page and sends it again, and one that passes (say, after the catalog is fixed) lands.
    An owner who checked one may release it (it is applied as if it had passed) or dismiss it with a reason
    (recorded as rejected; the kiosk stops sending it).</p></div>
    """

    static let batches = """
    <h1>Voucher batches</h1>
    <form class="card" method="post" action="/console/batches" id="batch-form">
      <input type="hidden" name="csrf" value="{{csrf}}">
      <h2>Generate a batch</h2>
      {{^plans}}<p>No plan is on the catalog yet{{#owner}}: <a href="/console/catalog">add one</a>{{/owner}}.</p>{{/plans}}
      <div class="grid">
        <div><label for="count">How many</label><input id="count" name="count" type="number" min="1" max="100000" value="10" required></div>
        <div><label for="kind">Type</label><select id="kind" name="kind">
          <option value="ticket">Tickets</option><option value="user">User accounts</option>
          <option value="refill">Refill codes</option>{{#owner}}<option value="free">Free accounts</option>{{/owner}}</select></div>
        <div><label for="plan">Plan</label><select id="plan" name="plan">{{#plans}}<option value="{{id}}">{{name}} · {{price}}</option>{{/plans}}</select></div>
        <div><label for="sell">Sell</label><select id="sell" name="sell">
          <option value="now">Now</option><option value="later">Later (at first use)</option></select>
      <div class="hint">Now: paid at the counter, in today's sales.</div></div>
        <div><label for="discount">Discount %</label><input id="discount" name="discount" inputmode="decimal" value="0"></div>
        <div><label for="code_length">Code length</label><input id="code_length" name="code_length" type="number" min="10" max="24" value="10">
          <div class="hint">Random symbols per code; 10 = 50 bits.</div></div>
        <div><label for="prefix">Username prefix</label><input id="prefix" name="prefix" value="USER"><div class="hint">Accounts only.</div></div>
        <div><label for="start_number">Start number</label><input id="start_number" name="start_number" type="number" min="0" value="1"></div>
        <div><label for="password_length">Password length</label><input id="password_length" name="password_length" type="number" min="10" max="64" value="10"></div>
        <div><label for="account_kind">Account kind</label><select id="account_kind" name="account_kind">
          <option value="prepaid">Prepaid</option><option value="postpaid">Postpaid</option><option value="usage_based">Usage based</option></select></div>
      </div>
      <div class="actions"><button type="submit" id="generate">Generate</button></div>
    </form>
    <div class="card"><h2>Recent batches</h2><div class="table-wrap"><table id="batches">
    <tr><th>#</th><th>When</th><th>What</th><th>Plan</th><th>Sell</th><th class="num">Each</th><th>By</th></tr>
    {{#batches}}<tr><td><a href="/console/batches/{{id}}">{{id}}</a></td><td>{{createdAt}}</td><td>{{count}} × {{kind}}</td>
    <td>{{planID}}</td><td>{{sellMode}}</td><td class="num">{{unitPrice}}</td><td>{{createdBy}}</td></tr>{{/batches}}
    {{^batches}}<tr><td colspan="7">No batch yet.</td></tr>{{/batches}}
    </table></div></div>
    """

    static let batch = """
    <h1>Batch {{id}}: {{count}} × {{kind}}</h1>
    <div class="stats">
      <div class="stat"><div class="label">Plan</div><div class="value">{{planID}}</div></div>
      <div class="stat"><div class="label">Each</div><div class="value">{{unitPrice}}</div></div>
      <div class="stat"><div class="label">Sell</div><div class="value">{{sellMode}}</div></div>
      <div class="stat"><div class="label">By</div><div class="value">{{createdBy}}</div></div>
    </div>
    <form class="card" method="post" action="/console/batches/{{id}}/print" id="print-form">
      <input type="hidden" name="csrf" value="{{csrf}}">
      <h2>Print the cards</h2>
      {{#accounts}}<p id="passwords-note">Passwords: {{passwordsIssued}}. The store keeps no password: each print or PDF issues new ones, and cards printed before no longer log in.</p>{{/accounts}}
      {{#queueProblem}}<p class="flash error">{{queueProblem}}</p>{{/queueProblem}}
      <div class="grid">
        <div><label for="queue">Printer (CUPS queue)</label><select id="queue" name="queue">{{#queues}}<option value="{{name}}">{{name}} · {{state}}</option>{{/queues}}</select></div>
        <div><label for="stock">Paper</label><select id="stock" name="stock"><option value="a4">A4, 10 cards a page, cut marks</option><option value="card">Card stock, one a page</option></select></div>
      </div>
      <div class="actions"><button type="submit" id="print">Print</button>
        <a class="button secondary" id="download" href="/console/batches/{{id}}/vouchers.pdf">Download PDF (A4)</a>
        <a class="button secondary" href="/console/batches/{{id}}/vouchers.pdf?stock=card">PDF, card stock</a></div>
    </form>
    <div class="card"><details{{#few}} open{{/few}}><summary>The {{count}} vouchers</summary><div class="table-wrap"><table id="items">
    <tr><th>#</th><th>Code or username</th></tr>
    {{#items}}<tr><td>{{position}}</td><td><code>{{login}}</code></td></tr>{{/items}}
    </table></div></details></div>
    """

    static let codes = """
    <h1>Block a code</h1>
    <form class="card" method="post" action="/console/codes/block" id="block-form">
      <input type="hidden" name="csrf" value="{{csrf}}">
      <p>A blocked code can no longer log in at a PC. Use it for a lost card or a disputed sale.</p>
      <div class="grid">
        <div><label for="code">Code</label><input id="code" name="code" class="code" autocapitalize="characters" placeholder="K7AB-CDEF-GHJK-M" required></div>
        <div><label for="reason">Reason</label><input id="reason" name="reason" placeholder="lost card, customer disputes the sale" required></div>
      </div>
      <div class="actions"><button type="submit" class="danger" id="block">Block</button></div>
    </form>
    <div class="card"><h2>Blocked codes</h2><div class="table-wrap"><table id="blocked">
    <tr><th>Code</th><th>Reason</th><th>By</th><th>When</th>{{#owner}}<th></th>{{/owner}}</tr>
    {{#blocked}}<tr><td><code>{{code}}</code></td><td>{{reason}}</td><td>{{by}}</td><td>{{at}}</td>
    {{#owner}}<td><form method="post" action="/console/codes/unblock"><input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="code" value="{{code}}"><button class="secondary" type="submit">Unblock</button></form></td>{{/owner}}</tr>{{/blocked}}
    {{^blocked}}<tr><td colspan="5">No code is blocked.</td></tr>{{/blocked}}
    </table></div></div>
    """

    static let sales = """
    <h1>Sales</h1>
    {{^owner}}<p class="hint">Only an owner can void a sale.</p>{{/owner}}
    <div class="card"><div class="table-wrap"><table id="sales">
    <tr><th>When</th><th>What</th><th>Where</th><th class="num">Amount</th><th>{{#owner}}Void (reason){{/owner}}</th></tr>
    {{#sales}}<tr><td>{{at}}</td><td><code>{{what}}</code><br><span class="hint">{{kind}}</span></td><td>{{place}}</td><td class="num">{{amount}}</td>
    <td>{{#voided}}<span class="badge bad">voided</span>{{/voided}}{{^voided}}{{#owner}}<form method="post" action="/console/sales/void">
    <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="reference" value="{{reference}}">
    <input name="reason" placeholder="reason" required><button class="danger" type="submit">Void</button></form>{{/owner}}{{/voided}}</td></tr>{{/sales}}
    {{^sales}}<tr><td colspan="5">No sale yet.</td></tr>{{/sales}}
    </table></div></div>
    <div class="card"><h2>Voids</h2><div class="table-wrap"><table id="voids">
    <tr><th>When</th><th>Sale</th><th class="num">Amount</th><th>Reason</th><th>Owner</th></tr>
    {{#voids}}<tr><td>{{at}}</td><td><code>{{reference}}</code></td><td class="num">{{amount}}</td><td>{{reason}}</td><td>{{by}}</td></tr>{{/voids}}
    {{^voids}}<tr><td colspan="5">No void.</td></tr>{{/voids}}
    </table></div></div>
    """

    static let catalog = """
    <h1>Plans &amp; zones</h1>
    <div class="card"><h2>Plans</h2><div class="table-wrap"><table id="plans">
    <tr><th>Plan</th><th class="num">Price</th><th>Grants</th><th>Zones</th><th>On sale</th><th>Valid</th><th></th></tr>
    {{#plans}}<tr><td><strong>{{name}}</strong><br><code>{{id}}</code></td><td class="num">{{price}}</td><td>{{grant}}</td><td>{{zones}}</td>
    <td>{{windows}}</td><td>{{validity}}</td><td><a class="button secondary" href="/console/catalog/plans/{{id}}">Edit</a></td></tr>{{/plans}}
    {{^plans}}<tr><td colspan="7">No plan yet.</td></tr>{{/plans}}
    </table></div><div class="actions"><a class="button" href="/console/catalog/plans/new" id="new-plan">New plan</a></div></div>
    <div class="card"><h2>Zones</h2><div class="table-wrap"><table id="zones">
    <tr><th>Zone</th><th>Name</th><th>Minutes</th><th></th></tr>
    {{#zones}}<tr><td><code>{{id}}</code></td><td>{{name}}</td><td>{{category}}</td><td><form method="post" action="/console/catalog/zones/delete">
    <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><button class="secondary" type="submit">Remove</button></form></td></tr>{{/zones}}
    {{^zones}}<tr><td colspan="4">No zone: plans are valid everywhere.</td></tr>{{/zones}}
    </table></div>
    <form method="post" action="/console/catalog/zones" id="zone-form"><input type="hidden" name="csrf" value="{{csrf}}">
    <div class="grid"><div><label for="zone-id">Zone id</label><input id="zone-id" name="id" required></div>
    <div><label for="zone-name">Name</label><input id="zone-name" name="name"></div>
    <div><label for="zone-category">Spends</label><select id="zone-category" name="category"><option value="internet">Internet minutes</option><option value="game">Game minutes</option></select></div></div>
    <div class="actions"><button type="submit" id="save-zone">Add or update zone</button></div></form></div>
    <form class="card" method="post" action="/console/catalog/settings" id="settings-form"><input type="hidden" name="csrf" value="{{csrf}}">
    <h2>Site</h2><div class="grid">
    <div><label for="currency">Currency</label><select id="currency" name="currency">{{#currencies}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{code}}</option>{{/currencies}}</select></div>
    <div><label for="time_zone">Time zone (IANA)</label><input id="time_zone" name="time_zone" value="{{timeZone}}"></div></div>
    <div class="actions"><button type="submit" id="save-settings">Save</button><span class="hint">Catalog version {{version}}; kiosks pull each new version.</span></div></form>
    """

    static let plan = """
    <h1>{{heading}}</h1>
    <form class="card" method="post" action="/console/catalog/plans" id="plan-form"><input type="hidden" name="csrf" value="{{csrf}}">
    <div class="grid">
      <div><label for="id">Plan id</label><input id="id" name="id" value="{{id}}" {{#existing}}readonly{{/existing}} required></div>
      <div><label for="name">Name</label><input id="name" name="name" value="{{name}}" required></div>
      <div><label for="price">Price ({{currency}})</label><input id="price" name="price" inputmode="decimal" value="{{price}}" required></div>
      <div><label for="grant_quantity">Grants</label><input id="grant_quantity" name="grant_quantity" type="number" min="1" value="{{grantQuantity}}" required></div>
      <div><label for="grant_unit">of</label><select id="grant_unit" name="grant_unit">{{#units}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/units}}</select></div>
      <div><label for="discount">Standing discount %</label><input id="discount" name="discount" inputmode="decimal" value="{{discount}}"></div>
      <div><label for="max_bonus">Bonus may pay up to %</label><input id="max_bonus" name="max_bonus" inputmode="decimal" value="{{maxBonus}}"></div>
      <div><label for="days_from_sale">Valid days from sale</label><input id="days_from_sale" name="days_from_sale" type="number" min="1" value="{{daysFromSale}}"></div>
      <div><label for="days_from_first_use">Valid days from first use</label><input id="days_from_first_use" name="days_from_first_use" type="number" min="1" value="{{daysFromFirstUse}}"></div>
      <div><label for="fixed_until">Valid until (date)</label><input id="fixed_until" name="fixed_until" type="date" value="{{fixedUntil}}"></div>
    </div>
    <p><label>Zones (none ticked: every zone)</label>{{#zones}}<label class="check"><input type="checkbox" name="zones" value="{{id}}"{{#checked}} checked{{/checked}}> {{name}}</label>{{/zones}}</p>
    <p><label for="windows">Sales windows, one a line (empty: always on sale)</label>
    <textarea id="windows" name="windows" placeholder="Mon-Fri 08:00-22:00&#10;Sat,Sun 10:00-02:00">{{windows}}</textarea>
    <span class="hint">Days: Mon…Sun, ranges like Mon-Fri, or daily. An end before the start runs past midnight.</span></p>
    <label class="check"><input type="checkbox" name="free" {{#free}}checked{{/free}}> Free plan (given away, never in sales)</label>
    <div class="actions"><button type="submit" id="save-plan">Save plan</button><a class="button secondary" href="/console/catalog">Cancel</a></div>
    </form>
    {{#existing}}<form class="card" method="post" action="/console/catalog/plans/delete"><input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="id" value="{{id}}"><button class="danger" type="submit">Remove this plan from sale</button></form>{{/existing}}
    """

    static let reports = """
    <h1>Reports</h1>
    <form class="card" method="get" action="/console/reports" id="report-form"><div class="grid">
    <div><label for="from">From</label><input id="from" name="from" type="date" value="{{from}}"></div>
    <div><label for="to">To (inclusive)</label><input id="to" name="to" type="date" value="{{to}}"></div>
    <div><label for="by">By</label><select id="by" name="by">{{#groupings}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/groupings}}</select></div>
    </div><div class="actions"><button type="submit" id="show-report">Show</button></div></form>
    <div class="card"><h2>Money by {{by}}, {{currency}}</h2><div class="table-wrap"><table id="report">
    <tr><th>{{by}}</th><th class="num">Items</th><th class="num">Sales</th><th class="num">Refills</th><th class="num">Credits</th><th class="num">Voids</th>
    <th class="num">Net</th><th class="num">Expected</th><th class="num">Collected</th><th class="num">Difference</th></tr>
    {{#lines}}<tr{{#isTotal}} class="total"{{/isTotal}}><td>{{key}}</td><td class="num">{{items}}</td><td class="num">{{sales}}</td><td class="num">{{refills}}</td>
    <td class="num">{{credits}}</td><td class="num">{{voids}}</td><td class="num">{{net}}</td><td class="num">{{expected}}</td>
    <td class="num">{{collected}}</td><td class="num {{differenceClass}}">{{difference}}</td></tr>{{/lines}}
    </table></div><p class="hint">Expected: what each kiosk's ledger said its cash box held at a collection. Collected: what staff counted.</p></div>
    <div class="card"><h2>Cash collections, {{currency}}</h2><div class="table-wrap"><table id="collections">
    <tr><th>When</th><th>Kiosk</th><th>Staff</th><th>Bag</th><th class="num">Expected</th><th class="num">Collected</th><th class="num">Difference</th></tr>
    {{#collections}}<tr><td>{{at}}</td><td>{{kiosk}}</td><td>{{staff}}</td><td>{{bag}}</td><td class="num">{{expected}}</td><td class="num">{{counted}}</td>
    <td class="num {{differenceClass}}">{{difference}}</td></tr>{{/collections}}
    {{^collections}}<tr><td colspan="7">No collection in this period.</td></tr>{{/collections}}
    </table></div></div>
    """

    static let staff = """
    <h1>Staff</h1>
    <div class="card"><h2>Console users</h2><div class="table-wrap"><table id="users">
    <tr><th>User</th><th>Role</th></tr>
    {{#users}}<tr><td>{{username}}</td><td>{{role}}</td></tr>{{/users}}
    </table></div><p class="hint">Add users on the store's machine: <code>kiosk-store users add NAME --role owner|cashier</code> (password on standard input).</p></div>
    <div class="card"><h2>Login attempts</h2><div class="table-wrap"><table id="attempts">
    <tr><th>When</th><th>User</th><th>From</th><th>Outcome</th></tr>
    {{#attempts}}<tr><td>{{at}}</td><td>{{username}}</td><td>{{source}}</td><td><span class="badge {{badge}}">{{outcome}}</span></td></tr>{{/attempts}}
    </table></div><p class="hint">5 failures for one user within 15 minutes lock that user for the rest of the window.</p></div>
    <div class="card"><h2>What staff did</h2><div class="table-wrap"><table id="audit">
    <tr><th>When</th><th>User</th><th>Action</th><th>Detail</th></tr>
    {{#audit}}<tr><td>{{at}}</td><td>{{username}}</td><td>{{action}}</td><td>{{detail}}</td></tr>{{/audit}}
    {{^audit}}<tr><td colspan="4">Nothing yet.</td></tr>{{/audit}}
    </table></div></div>
    """

    static let message = """
    <div class="card"><h1>{{heading}}</h1><p>{{text}}</p><div class="actions"><a class="button secondary" href="/console">Back to the console</a></div></div>
    """
}
