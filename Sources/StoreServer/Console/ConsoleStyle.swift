/// The console's one stylesheet: plain CSS, large touch targets (44 px and up) for a tablet at
/// the counter, readable tables that scroll sideways on a narrow screen, no script.
enum ConsoleStyle {
    static let css = """
    :root { --ink: #1d2433; --muted: #5b6478; --line: #d9dee8; --bg: #f4f6fa; --card: #fff; --accent: #1f6feb;
            --accent-ink: #fff; --danger: #c62828; --ok: #1b7f3b; --warn: #a15c00; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; font: 17px/1.45 "DejaVu Sans", system-ui, sans-serif; color: var(--ink); background: var(--bg); }
    a { color: var(--accent); }
    header.top { background: #14213d; color: #fff; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px;
                 padding: 8px 16px; }
    header.top .brand { font-weight: 700; font-size: 18px; margin-right: 4px; color: #fff; text-decoration: none; }
    header.top nav { display: flex; flex-wrap: wrap; gap: 4px; flex: 1; }
    header.top nav { gap: 2px; }
    header.top nav a { color: #dbe4ff; text-decoration: none; padding: 10px 9px; border-radius: 8px; min-height: 44px; font-size: 16px;
                       display: inline-flex; align-items: center; }
    header.top nav a.here, header.top nav a:hover { background: rgba(255,255,255,.14); color: #fff; }
    header.top .who { display: flex; align-items: center; gap: 10px; font-size: 15px; color: #c9d3ea; }
    header.top .who form { margin: 0; }
    header.top .who button { background: transparent; border: 1px solid #8da2d0; color: #fff; min-height: 40px; }
    main { max-width: 1100px; margin: 0 auto; padding: 20px 16px 48px; }
    h1 { font-size: 26px; margin: 4px 0 16px; }
    h2 { font-size: 20px; margin: 0 0 12px; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 18px; margin-bottom: 18px;
            box-shadow: 0 1px 2px rgba(20,33,61,.05); }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 14px 18px; }
    .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 14px; margin-bottom: 18px; }
    .stat { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 14px 16px; }
    .stat .label { color: var(--muted); font-size: 14px; }
    .stat .value { font-size: 24px; font-weight: 700; }
    label { display: block; font-size: 14px; color: var(--muted); margin-bottom: 4px; }
    input, select, textarea { width: 100%; font: inherit; padding: 10px 12px; min-height: 46px; border: 1px solid #b8c1d3;
                              border-radius: 8px; background: #fff; color: var(--ink); }
    textarea { min-height: 90px; }
    input[type=checkbox] { width: 22px; min-height: 22px; height: 22px; vertical-align: middle; }
    .check { display: flex; align-items: center; gap: 8px; min-height: 46px; color: var(--ink); font-size: 16px; }
    .hint { font-size: 13px; color: var(--muted); margin-top: 4px; }
    button, .button { font: inherit; font-weight: 600; border: 0; border-radius: 8px; padding: 10px 18px; min-height: 46px;
                      background: var(--accent); color: var(--accent-ink); cursor: pointer; text-decoration: none;
                      display: inline-flex; align-items: center; justify-content: center; gap: 6px; }
    button.secondary, .button.secondary { background: #e8edf7; color: var(--ink); }
    button.danger { background: var(--danger); }
    .actions { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 16px; align-items: center; }
    .table-wrap { overflow-x: auto; }
    table { width: 100%; border-collapse: collapse; font-size: 16px; }
    th, td { text-align: left; padding: 10px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
    th { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
    td form { display: flex; gap: 8px; margin: 0; }
    td form input { min-width: 160px; }
    code, .code { font-family: "DejaVu Sans Mono", monospace; font-size: 15px; letter-spacing: .02em; }
    .flash { padding: 12px 16px; border-radius: 10px; margin-bottom: 16px; font-weight: 600; }
    .flash.notice { background: #e3f4e8; color: var(--ok); border: 1px solid #b7e0c3; }
    .flash.error { background: #fdecea; color: var(--danger); border: 1px solid #f5c2bd; }
    .badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 13px; font-weight: 600;
             background: #e8edf7; color: var(--muted); }
    .badge.ok { background: #e3f4e8; color: var(--ok); } .badge.warn { background: #fff2dc; color: var(--warn); }
    .badge.bad { background: #fdecea; color: var(--danger); }
    .neg { color: var(--danger); } .pos { color: var(--ok); }
    .login { max-width: 420px; margin: 8vh auto; }
    .login h1 { text-align: center; }
    details summary { cursor: pointer; padding: 10px 0; font-weight: 600; }
    @media (max-width: 640px) { body { font-size: 16px; } main { padding: 14px 10px 40px; } .card { padding: 14px; } }
    """
}
