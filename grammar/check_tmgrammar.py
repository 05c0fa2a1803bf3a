#!/usr/bin/env python3
"""Check grammar/vigil.tmLanguage.json.

1. It is valid JSON with scopeName source.vigil and fileTypes ["vigil"].
2. Every regex (match, begin, end, while) compiles with Python's `re`. Editors use
   Oniguruma; keeping to the subset both accept keeps the grammar portable. If the
   onigurumacffi module is installed, each regex is compiled with Oniguruma too.
3. Every include names an existing repository entry; every begin has an end.
4. A small TextMate-style tokenizer gives the expected scopes to sample snippets
   of LANGUAGE.md section 1, and every .vigil file of the repository (outside
   .build) tokenizes with no character left unscoped or marked invalid.

Usage: python3 grammar/check_tmgrammar.py [GRAMMAR] [FILE.vigil ...]
Exit 0 when all checks pass, 1 otherwise.
"""

import glob
import json
import os
import re
import sys

try:  # optional: pip install onigurumacffi to also compile with Oniguruma itself
    import onigurumacffi
except ImportError:
    onigurumacffi = None

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REGEX_KEYS = ("match", "begin", "end", "while")

errors = []


def fail(msg):
    errors.append(msg)
    print(f"FAIL: {msg}")


def compile_regex(src, key, where):
    # `end`/`while` may refer back to `begin` captures (\1); Python would reject
    # a reference to a group that does not exist in the same pattern.
    if "(?P" in src:
        fail(f"{where}.{key}: (?P...) is Python-only syntax; Oniguruma rejects it")
        return None
    if key in ("end", "while"):
        src = re.sub(r"\\([1-9])", "(?:)", src)
    if onigurumacffi is not None:
        try:
            onigurumacffi.compile(src)
        except Exception as e:  # its error type differs between versions
            fail(f"{where}.{key}: Oniguruma: {e}: {src!r}")
    try:
        return re.compile(src)
    except re.error as e:
        fail(f"{where}.{key}: {e}: {src!r}")
        return None


def walk(node, where, repo, compiled):
    """Compile every regex below node and check includes and begin/end pairs."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            walk(item, f"{where}[{i}]", repo, compiled)
        return
    if not isinstance(node, dict):
        return
    for key in REGEX_KEYS:
        if key in node:
            if not isinstance(node[key], str):
                fail(f"{where}.{key} is not a string")
                continue
            rx = compile_regex(node[key], key, where)
            if rx is not None:
                compiled[(id(node), key)] = rx
    if "begin" in node and "end" not in node and "while" not in node:
        fail(f"{where}: begin without end or while")
    inc = node.get("include")
    if inc is not None and inc not in ("$self", "$base"):
        if not inc.startswith("#") or inc[1:] not in repo:
            fail(f"{where}: include {inc!r} names no repository entry")
    for key, value in node.items():
        if key in ("captures", "beginCaptures", "endCaptures", "whileCaptures"):
            for group in value:
                if not group.isdigit():
                    fail(f"{where}.{key}: capture key {group!r} is not a number")
        if isinstance(value, (dict, list)):
            walk(value, f"{where}.{key}", repo, compiled)


class Tokenizer:
    """Enough of TextMate's algorithm for match, begin/end, include, captures."""

    def __init__(self, grammar, compiled):
        self.g = grammar
        self.repo = grammar.get("repository", {})
        self.rx = compiled
        self.root = {"patterns": grammar["patterns"]}

    def expand(self, patterns, seen=None):
        seen = set() if seen is None else seen
        out = []
        for p in patterns:
            inc = p.get("include")
            if inc is None:
                if "match" in p or "begin" in p:
                    out.append(p)
                if "patterns" in p and "match" not in p and "begin" not in p:
                    out.extend(self.expand(p["patterns"], seen))
                continue
            target = self.root if inc in ("$self", "$base") else self.repo.get(inc[1:])
            if target is None or id(target) in seen:
                continue
            seen.add(id(target))
            if "match" in target or "begin" in target:
                out.append(target)
            else:
                out.extend(self.expand(target.get("patterns", []), seen))
        return out

    @staticmethod
    def paint(scopes, m, base, name, captures):
        for i in range(m.start(), m.end()):
            scopes[i] = base + ([name] if name else [])
        for group, spec in (captures or {}).items():
            g = int(group)
            if g <= (m.re.groups) and m.start(g) >= 0 and spec.get("name"):
                for i in range(m.start(g), m.end(g)):
                    scopes[i] = scopes[i] + [spec["name"]]

    def tokenize(self, text):
        """Return (line, per-character scope lists) for each line of text."""
        stack = [(self.root, [self.g["scopeName"]], None)]  # rule, content scopes, outer scopes
        result = []
        for line in text.split("\n"):
            s = line + "\n"
            scopes = [None] * len(s)
            pos = 0
            while pos < len(s):
                rule, content, outer = stack[-1]
                best = None  # (start, order, kind, rule, match)
                if "end" in rule:
                    m = self.rx[(id(rule), "end")].search(s, pos)
                    if m:
                        best = (m.start(), -1, "end", rule, m)
                for order, p in enumerate(self.expand(rule.get("patterns", []))):
                    key = "match" if "match" in p else "begin"
                    m = self.rx[(id(p), key)].search(s, pos)
                    if m and (best is None or (m.start(), order) < best[:2]):
                        best = (m.start(), order, key, p, m)
                if best is None:
                    for i in range(pos, len(s)):
                        scopes[i] = content
                    break
                start, _, kind, p, m = best
                for i in range(pos, start):
                    scopes[i] = content
                if kind == "match":
                    self.paint(scopes, m, content, p.get("name"), p.get("captures"))
                elif kind == "begin":
                    base = content + ([p["name"]] if p.get("name") else [])
                    self.paint(scopes, m, content, p.get("name"),
                               p.get("beginCaptures") or p.get("captures"))
                    inner = base + ([p["contentName"]] if p.get("contentName") else [])
                    stack.append((p, inner, base))
                else:  # end
                    self.paint(scopes, m, outer[:-1] if rule.get("name") else outer,
                               rule.get("name"), rule.get("endCaptures") or rule.get("captures"))
                    stack.pop()
                if m.end() == pos and kind == "match":
                    scopes[pos] = scopes[pos] or content
                    pos += 1  # an empty match must not stall the scan
                else:
                    pos = m.end()
            result.append((line, scopes[:len(line)]))
        return result


# (snippet, token, scope the token's characters must all carry; "!" prefix: must not)
SAMPLES = [
    ("# a comment", "a comment", "comment.line.number-sign.vigil"),
    ("let x = 42", "let", "keyword.control.vigil"),
    ("let x = 42", "42", "constant.numeric.vigil"),
    ("let x = 3.14", "3.14", "constant.numeric.vigil"),
    ("let x = 1_000", "1_000", "constant.numeric.vigil"),
    ("let x = 2e-3", "2e-3", "constant.numeric.vigil"),
    ("let x = 0.5%", "0.5%", "constant.numeric.percent.vigil"),
    ("let x = 14.4x", "14.4x", "constant.numeric.multiplier.vigil"),
    ("let d = 250ms", "250ms", "constant.numeric.duration.vigil"),
    ("let d = 30s", "30s", "constant.numeric.duration.vigil"),
    ("let d = 1w", "1w", "constant.numeric.duration.vigil"),
    ("let d = 1h30m", "1h30m", "constant.numeric.duration.vigil"),
    ("let m = $1800", "$1800", "constant.numeric.money.vigil"),
    ("let m = $0.0004", "$0.0004", "constant.numeric.money.vigil"),
    ("let m = $1_800.50", "$1_800.50", "constant.numeric.money.vigil"),
    ("let b = 512KB", "512KB", "constant.numeric.bytes.vigil"),
    ("let b = 10MiB", "10MiB", "constant.numeric.bytes.vigil"),
    ("let b = 1TiB", "1TiB", "constant.numeric.bytes.vigil"),
    ("let t = @2025-01-15T14:30:00Z", "@2025-01-15T14:30:00Z", "constant.other.timestamp.vigil"),
    ("let t = @2025-01-15", "@2025-01-15", "constant.other.timestamp.vigil"),
    ("let t = @2025-01-15T14:30:00+02:00", "@2025-01-15T14:30:00+02:00",
     "constant.other.timestamp.vigil"),
    ('let s = "a\\n\\t\\"\\\\\\{b"', '\\{', "constant.character.escape.vigil"),
    ('let s = "a\\n\\t\\"\\\\\\{b"', '\\"', "constant.character.escape.vigil"),
    ('let s = "user-{i} spent {i mod 50}"', "user-", "string.quoted.double.vigil"),
    ('let s = "user-{i} spent {i mod 50}"', "mod", "keyword.operator.word.vigil"),
    ('let s = "user-{i} spent {i mod 50}"', "50", "constant.numeric.vigil"),
    ('let s = "user-{i} spent {i mod 50}"', "50", "meta.interpolation.vigil"),
    ('let s = "user-{i} spent {i mod 50}"', " spent ", "!meta.interpolation.vigil"),
    ('let s = "{ {a: 1}.a } tail"', " tail", "string.quoted.double.vigil"),
    ('let s = "{ {a: 1}.a } tail"', " tail", "!meta.interpolation.vigil"),
    ('let s = "{f("in")} tail"', "in", "string.quoted.double.vigil"),
    ('let s = "{f("in")} tail"', " tail", "!meta.interpolation.vigil"),
    ('series("x", code: ~"5..")', '~"5.."', "string.regexp.vigil"),
    ('series("x", code: !~"5..")', '!~"5.."', "string.regexp.vigil"),
    ('series("x", code: !~"5..")', "series", "support.function.builtin.vigil"),
    ('series("x", code: !~"5..")', "code", "variable.parameter.key.vigil"),
    ("then page(\"oncall\", \"burn\", severity: P1)", "P1", "constant.language.severity.vigil"),
    ("when error_rate > baseline + 0.5% for 10m then rollback", "when", "keyword.control.vigil"),
    ("when error_rate > baseline + 0.5% for 10m then rollback", "for", "keyword.control.vigil"),
    ("when error_rate > baseline + 0.5% for 10m then rollback", "then", "keyword.control.vigil"),
    ("when error_rate > baseline + 0.5% for 10m then rollback", "baseline",
     "variable.language.baseline.vigil"),
    ("when error_rate > baseline + 0.5% for 10m then rollback", ">",
     "keyword.operator.comparison.vigil"),
    ("  keep_firing_for 5m", "keep_firing_for", "keyword.control.vigil"),
    ("  every 30s", "every", "keyword.control.vigil"),
    ("fn double(x) = x * 2", "double", "entity.name.function.vigil"),
    ("let young = fn(d) = d.age < 1h", "fn", "storage.type.function.lambda.vigil"),
    ("let young = fn(d) = d.age < 1h", "age", "variable.other.member.vigil"),
    ("canary checkout {", "checkout", "entity.name.type.vigil"),
    ('policy "release gates" {', "policy", "keyword.other.vigil"),
    ("  require coverage >= 98%", "require", "keyword.other.vigil"),
    ("  warn    spend > $400", "warn", "keyword.other.vigil"),
    ('import "std/slo" as common', "as", "keyword.control.vigil"),
    ("let ok = true and not false or none", "none", "constant.language.vigil"),
    ("let ok = a != b", "!=", "keyword.operator.comparison.vigil"),
    ("  objective 99.9%", "objective", "keyword.other.setting.vigil"),
    ("silence(m, for: 2h)", "for", "variable.parameter.key.vigil"),
    ('let s = "bad \\q escape"', "\\q", "invalid.illegal.escape.vigil"),
]


def check_samples(tok):
    for snippet, token, scope in SAMPLES:
        negate = scope.startswith("!")
        scope = scope.lstrip("!")
        (line, scopes), = tok.tokenize(snippet)
        at = line.find(token)
        if at < 0:
            fail(f"sample {snippet!r}: token {token!r} not in it")
            continue
        have = [scope in (scopes[i] or []) for i in range(at, at + len(token))]
        if (any(have) if negate else not all(have)):
            got = sorted({s for i in range(at, at + len(token)) for s in (scopes[i] or [])})
            fail(f"sample {snippet!r}: {token!r} should {'not ' if negate else ''}"
                 f"be {scope}; has {got}")


def check_files(tok, files):
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for n, (line, scopes) in enumerate(tok.tokenize(text), 1):
            for i, ch in enumerate(line):
                sc = scopes[i] or []
                if any(s.startswith("invalid") for s in sc):
                    fail(f"{path}:{n}:{i + 1}: invalid token at {line[i:i + 10]!r}")
                    break
                if not ch.isspace() and len(sc) <= 1:
                    fail(f"{path}:{n}:{i + 1}: no scope for {line[i:i + 10]!r}")
                    break


def main(argv):
    path = argv[1] if len(argv) > 1 else os.path.join(HERE, "vigil.tmLanguage.json")
    try:
        with open(path, encoding="utf-8") as f:
            grammar = json.load(f)
    except (OSError, ValueError) as e:
        print(f"FAIL: {path}: {e}")
        return 1
    if grammar.get("scopeName") != "source.vigil":
        fail("scopeName is not source.vigil")
    if grammar.get("fileTypes") != ["vigil"]:
        fail('fileTypes is not ["vigil"]')
    compiled = {}
    walk(grammar, "grammar", grammar.get("repository", {}), compiled)
    print(f"{len(compiled)} regexes compiled with Python re"
          + (" and Oniguruma" if onigurumacffi else ""))
    if errors:
        return 1
    tok = Tokenizer(grammar, compiled)
    check_samples(tok)
    print(f"{len(SAMPLES)} sample tokens checked")
    files = argv[2:] or sorted(
        p for p in glob.glob(os.path.join(ROOT, "**", "*.vigil"), recursive=True)
        if "/.build/" not in p)
    check_files(tok, files)
    print(f"{len(files)} .vigil files tokenized")
    if errors:
        print(f"{len(errors)} problem(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
