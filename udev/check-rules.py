#!/usr/bin/env python3
"""Checks udev rules files for syntax and known keys, because Debian 12's udevadm has no `verify`.

Usage: check-rules.py FILE...   (exit 0: all good; 1: problems, each printed as FILE:LINE: what)
       check-rules.py --kiosk FILE...   also apply the kiosk's own conventions (see kiosk_checks)

The grammar follows udev(7): a rule is one logical line (a trailing backslash continues it) of
comma-separated KEY[{attr}]OP"value" pairs. Keys, operators and which keys take {attr} are from
the udev(7) manual of systemd 252.
"""
import re
import sys

MATCH_KEYS = {"ACTION", "DEVPATH", "KERNEL", "KERNELS", "NAME", "SYMLINK", "SUBSYSTEM", "SUBSYSTEMS",
              "DRIVER", "DRIVERS", "ATTR", "ATTRS", "SYSCTL", "ENV", "CONST", "TAG", "TAGS", "TEST",
              "PROGRAM", "RESULT"}
ASSIGN_KEYS = {"NAME", "SYMLINK", "OWNER", "GROUP", "MODE", "SECLABEL", "ATTR", "SYSCTL", "ENV", "TAG",
               "RUN", "LABEL", "GOTO", "IMPORT", "OPTIONS"}
# Keys that need {attribute}; TEST and IMPORT and RUN take an optional one.
ATTR_REQUIRED = {"ATTR", "ATTRS", "SYSCTL", "ENV", "CONST", "SECLABEL"}
ATTR_OPTIONAL = {"TEST", "IMPORT", "RUN"}
MATCH_OPS = {"==", "!="}
ASSIGN_OPS = {"=", "+=", "-=", ":="}
PAIR = re.compile(r'\s*([A-Z_]+)(?:\{([^}]*)\})?\s*(==|!=|\+=|-=|:=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|$)')


def logical_lines(text):
    """Yields (first line number, joined text) with comments and blank lines dropped."""
    buffer, start = "", None
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip()
        if start is None:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            start = number
        if line.endswith("\\"):
            buffer += line[:-1]
            continue
        buffer += line
        yield start, buffer
        buffer, start = "", None
    if start is not None:
        yield start, buffer


def parse(line):
    """Returns ([(key, attr, op, value)], error or None)."""
    pairs, position = [], 0
    while position < len(line):
        found = PAIR.match(line, position)
        if not found:
            return pairs, f"cannot parse near: {line[position:position + 40]!r} (expected KEY==\"value\" pairs separated by commas)"
        pairs.append(found.group(1, 2, 3, 4))
        position = found.end()
        if found.group(5) == "," and position >= len(line.rstrip()):
            return pairs, "trailing comma"
    return pairs, None


def check_pair(key, attr, op, value):
    if key not in MATCH_KEYS | ASSIGN_KEYS:
        return f"unknown key '{key}'"
    if op in MATCH_OPS and key not in MATCH_KEYS:
        return f"'{key}' cannot be matched with {op} (it is assignment only)"
    if op in ASSIGN_OPS and key not in ASSIGN_KEYS and not (key == "PROGRAM" and op == "="):
        # udev takes PROGRAM="…" as a match (it runs the program); every other match key needs ==.
        return f"'{key}' cannot be assigned with {op} (it is match only)"
    if key in ATTR_REQUIRED and attr is None:
        return f"'{key}' needs an attribute: {key}{{name}}"
    if attr is not None and key not in ATTR_REQUIRED | ATTR_OPTIONAL:
        return f"'{key}' takes no {{attribute}}"
    if key in {"LABEL", "GOTO"} and op != "=":
        return f"{key} is assigned with ="
    if key == "MODE" and op in ASSIGN_OPS and not re.fullmatch(r"0?[0-7]{3}", value):
        return f"MODE must be octal like 0660, got '{value}'"
    return None


def kiosk_checks(key, attr, op, value):
    """The kiosk's conventions: ids are 4 lower-case hex digits, links live under kiosk/, device
    nodes are never world-accessible, and groups are the standard ones the unit hands out."""
    if key == "ATTRS" and attr in {"idVendor", "idProduct"} and not re.fullmatch(r"[0-9a-f]{4}", value):
        return f"{attr} must be 4 lower-case hex digits (as in sysfs), got '{value}'"
    if key == "SYMLINK" and op in ASSIGN_OPS and not value.startswith("kiosk/"):
        return f"links made here belong under /dev/kiosk/, got '{value}'"
    if key == "MODE" and op in ASSIGN_OPS and value[-1] != "0":
        return f"MODE {value} gives access to every user; use 0660 and a group"
    if key == "GROUP" and op in ASSIGN_OPS and value not in {"video", "input", "dialout", "lp"}:
        return f"GROUP '{value}' is not one the kiosk unit receives (video, input, dialout, lp)"
    return None


def check_file(path, kiosk):
    problems = []
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    labels, gotos = set(), []
    for number, line in logical_lines(text):
        pairs, error = parse(line)
        if error:
            problems.append(f"{path}:{number}: {error}")
            continue
        if not pairs:
            continue
        for key, attr, op, value in pairs:
            message = check_pair(key, attr, op, value) or (kiosk and kiosk_checks(key, attr, op, value))
            if message:
                problems.append(f"{path}:{number}: {message}")
            if key == "LABEL":
                labels.add(value)
            if key == "GOTO":
                gotos.append((number, value))
        has_match = any(op in MATCH_OPS for _, _, op, _ in pairs)
        only_label = all(key == "LABEL" for key, _, _, _ in pairs)
        has_action = any(op in ASSIGN_OPS for _, _, op, _ in pairs)
        if not only_label and not has_action:
            problems.append(f"{path}:{number}: rule only matches and assigns nothing")
        if kiosk and not only_label and not has_match:
            problems.append(f"{path}:{number}: rule has no match key and would apply to every device")
    for number, label in gotos:
        if label not in labels:
            problems.append(f"{path}:{number}: GOTO \"{label}\" has no LABEL in this file")
    return problems


def main(arguments):
    kiosk = "--kiosk" in arguments
    files = [a for a in arguments if a != "--kiosk"]
    if not files:
        print(__doc__.strip().split("\n")[2], file=sys.stderr)
        return 2
    problems = []
    for path in files:
        problems += check_file(path, kiosk)
    for problem in problems:
        print(problem)
    print(f"check-rules: {len(files)} file(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
