"""Parse the manuscript source format (samples/src/FORMAT.md) into blocks.

Input: one `samples/src/*.txt` file. Output: a `Source` holding directives and
a list of blocks (paragraphs, headings, list items, tables...) whose text is a
list of inline runs. `python samples/tools/msrc.py check FILE...` reports
format errors with file and line.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path


class SourceError(ValueError):
    """A format error at a line of a source file."""


@dataclass(frozen=True)
class Run:
    text: str
    sup: bool = False
    sub: bool = False
    italic: bool = False
    bold: bool = False
    link: str | None = None
    line_break: bool = False


@dataclass
class Cell:
    runs: list[Run]
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Block:
    kind: str  # title, heading, para, bullet, numbered, pagebreak, refs, table
    line: int
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    count: int = 0  # refs
    rows: list[list[Cell | None]] = field(default_factory=list)  # table grid; None = covered
    header_rows: int = 0


@dataclass
class Source:
    path: Path
    directives: dict[str, list[str]]
    blocks: list[Block]

    def directive(self, name: str, default: str) -> str:
        values = self.directives.get(name)
        return values[-1] if values else default


_MARKS = ("sup", "sub", "i", "b", "link")
_HEADING = re.compile(r"^(#{1,3}) +(.*)$")
_LIST = re.compile(r"^( *)([-+]) +(.*)$")
_SEPARATOR = re.compile(r"^\|[-\s|]*-[-\s|]*\|?\s*$")


def parse_inline(text: str, where: str) -> list[Run]:
    """Turn inline marks into runs; raise SourceError on unbalanced braces."""
    runs: list[Run] = []
    _parse_into(text, 0, {}, runs, where, closing=False)
    return _merge(runs)


def _parse_into(text: str, pos: int, style: dict, out: list[Run], where: str, closing: bool) -> int:
    buf: list[str] = []

    def flush() -> None:
        if buf:
            out.append(Run("".join(buf), **style))
            buf.clear()

    while pos < len(text):
        ch = text[pos]
        if ch == "\\" and pos + 1 < len(text) and text[pos + 1] in "{}|\\":
            buf.append(text[pos + 1])
            pos += 2
            continue
        if ch == "{":
            if text.startswith("{br}", pos):
                flush()
                out.append(Run("", line_break=True, **style))
                pos += 4
                continue
            m = re.match(r"\{(sup|sub|i|b|link):", text[pos:])
            if not m:
                raise SourceError(
                    f"{where}: '{{' starts no known mark (sup, sub, i, b, link, br): {text[pos:pos + 20]!r}")
            flush()
            mark = m.group(1)
            pos += m.end()
            inner = dict(style)
            if mark == "link":
                bar = text.find("|", pos)
                if bar < 0:
                    raise SourceError(f"{where}: {{link:URL|text}} needs a '|'")
                inner["link"] = text[pos:bar]
                pos = bar + 1
            else:
                inner[{"sup": "sup", "sub": "sub", "i": "italic", "b": "bold"}[mark]] = True
            pos = _parse_into(text, pos, inner, out, where, closing=True)
            continue
        if ch == "}":
            if not closing:
                raise SourceError(f"{where}: unmatched '}}' near {text[max(0, pos - 20):pos + 1]!r}")
            flush()
            return pos + 1
        buf.append(ch)
        pos += 1
    if closing:
        raise SourceError(f"{where}: a '{{' mark is not closed")
    flush()
    return pos


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and not run.line_break and not merged[-1].line_break and _same_style(merged[-1], run):
            last = merged.pop()
            run = Run(last.text + run.text, run.sup, run.sub, run.italic, run.bold, run.link)
        merged.append(run)
    return merged


def _same_style(a: Run, b: Run) -> bool:
    return (a.sup, a.sub, a.italic, a.bold, a.link) == (b.sup, b.sub, b.italic, b.bold, b.link)


def _split_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells, buf, i = [], [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            buf.append(body[i : i + 2])
            i += 2
            continue
        if body[i] == "|":
            cells.append("".join(buf).strip())
            buf = []
        else:
            buf.append(body[i])
        i += 1
    cells.append("".join(buf).strip())
    return cells


def _parse_table(lines: list[tuple[int, str]], where: str) -> Block:
    raw_rows: list[tuple[int, list[str]]] = []
    header_rows = 0
    for lineno, line in lines:
        if _SEPARATOR.match(line.strip()):
            header_rows = len(raw_rows)
            continue
        if not line.strip().startswith("|"):
            raise SourceError(f"{where}:{lineno}: table rows must start with '|'")
        raw_rows.append((lineno, _split_cells(line)))
    if not raw_rows:
        raise SourceError(f"{where}: empty table")
    width = max(len(cells) for _, cells in raw_rows)
    grid: list[list[Cell | None]] = []
    owner: list[list[Cell]] = []  # the cell that covers each grid position
    for r, (lineno, cells) in enumerate(raw_rows):
        if len(cells) != width:
            raise SourceError(
                f"{where}:{lineno}: row has {len(cells)} cells, the table has {width}; "
                "pad with empty cells or merge marks"
            )
        row: list[Cell | None] = []
        owners: list[Cell] = []
        for c, text in enumerate(cells):
            if text == ">":
                if c == 0:
                    raise SourceError(f"{where}:{lineno}: '>' in the first column has no cell to its left")
                cell = owners[c - 1]
                if cell in row:  # the merge starts in this row: widen it
                    cell.colspan += 1
                row.append(None)
            elif text == "^":
                if r == 0:
                    raise SourceError(f"{where}:{lineno}: '^' in the first row has no cell above it")
                cell = owner[r - 1][c]
                if c == 0 or owners[c - 1] is not cell:  # first column of the merge: lengthen it
                    cell.rowspan += 1
                row.append(None)
            else:
                cell = Cell(parse_inline(text, f"{where}:{lineno}"))
                row.append(cell)
            owners.append(cell)
        grid.append(row)
        owner.append(owners)
    _check_rectangles(grid, owner, where, lines[0][0])
    return Block("table", lines[0][0], rows=grid, header_rows=header_rows)


def _check_rectangles(grid: list[list[Cell | None]], owner: list[list[Cell]], where: str, lineno: int) -> None:
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if r + dr >= len(owner) or owner[r + dr][c + dc] is not cell:
                        raise SourceError(
                            f"{where}:{lineno}: merged cells in row {r + 1}, column {c + 1} do not form a rectangle"
                        )


def parse(path: Path) -> Source:
    where = str(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    directives: dict[str, list[str]] = {}
    blocks: list[Block] = []
    i = 0
    pending: list[tuple[int, str]] = []

    def flush_para() -> None:
        if not pending:
            return
        first_no, first = pending[0]
        text = " ".join(line.strip() for _, line in pending)
        pending.clear()
        blocks.append(_block_for(first_no, first, text, where))

    while i < len(lines):
        lineno, line = i + 1, lines[i]
        stripped = line.strip()
        i += 1
        if stripped.startswith("%"):
            continue
        if stripped.startswith("@"):
            flush_para()
            name, _, value = stripped[1:].partition(" ")
            directives.setdefault(name, []).append(value.strip())
            continue
        if not stripped:
            flush_para()
            continue
        if stripped == ".table":
            flush_para()
            table_lines: list[tuple[int, str]] = []
            while i < len(lines) and lines[i].strip() != ".endtable":
                if lines[i].strip() and not lines[i].strip().startswith("%"):
                    table_lines.append((i + 1, lines[i]))
                i += 1
            if i >= len(lines):
                raise SourceError(f"{where}:{lineno}: .table without .endtable")
            i += 1
            blocks.append(_parse_table(table_lines, where))
            continue
        if stripped == ".pagebreak":
            flush_para()
            blocks.append(Block("pagebreak", lineno))
            continue
        if stripped.startswith(".refs"):
            flush_para()
            try:
                count = int(stripped.split()[1])
            except (IndexError, ValueError):
                raise SourceError(f"{where}:{lineno}: .refs needs a number") from None
            blocks.append(Block("refs", lineno, count=count))
            continue
        if _HEADING.match(stripped) or stripped.startswith(".title"):
            flush_para()  # headings and titles are one line each
            blocks.append(_block_for(lineno, stripped, stripped, where))
            continue
        if pending and _LIST.match(line):
            flush_para()
        pending.append((lineno, line))
    flush_para()
    return Source(path, directives, blocks)


def _block_for(lineno: int, first: str, text: str, where: str) -> Block:
    loc = f"{where}:{lineno}"
    m = _HEADING.match(text)
    if m:
        return Block("heading", lineno, parse_inline(m.group(2), loc), level=len(m.group(1)))
    if text.startswith(".title "):
        return Block("title", lineno, parse_inline(text[7:].strip(), loc))
    if text.startswith("."):
        raise SourceError(f"{loc}: unknown block mark {text.split()[0]!r}")
    m = _LIST.match(first)
    if m:
        indent = len(m.group(1))
        if indent % 2:
            raise SourceError(f"{loc}: list nesting uses two spaces per level")
        body = text.strip()[2:].strip()
        kind = "bullet" if m.group(2) == "-" else "numbered"
        return Block(kind, lineno, parse_inline(body, loc), level=indent // 2)
    return Block("para", lineno, parse_inline(text, loc))


def plain(runs: list[Run]) -> str:
    return "".join("\n" if r.line_break else r.text for r in runs)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "check":
        print("usage: msrc.py check FILE...", file=sys.stderr)
        return 2
    status = 0
    for name in argv[1:]:
        try:
            src = parse(Path(name))
        except SourceError as exc:
            print(f"ERROR {exc}")
            status = 1
            continue
        kinds: dict[str, int] = {}
        for b in src.blocks:
            kinds[b.kind] = kinds.get(b.kind, 0) + 1
        words = sum(len(plain(b.runs).split()) for b in src.blocks)
        print(f"ok {name}: {kinds} words={words} directives={ {k: len(v) for k, v in src.directives.items()} }")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
