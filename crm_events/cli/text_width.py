"""Text as a terminal shows it: a CJK character or an emoji takes two columns, a combining accent none.

Every place that fits text to the screen (tables of the commands and of the menu, the
menu's record pages and messages) measures and cuts with these functions, never with
``len()``: "東京の結婚式" is 6 characters and 12 columns.
"""

import textwrap

from wcwidth import wcswidth, wcwidth

ELLIPSIS = "…"


def width(text: str) -> int:
    """Columns ``text`` (one line) takes on a terminal; a character of unknown width counts as one."""
    measured = wcswidth(text)
    return measured if measured >= 0 else sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    size = wcwidth(char)
    return size if size >= 0 else 1


def block_width(text: str) -> int:
    """Columns of the widest line of ``text``."""
    return max((width(line) for line in text.split("\n")), default=0)


def truncate(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` with a trailing "…" when it is wider."""
    if width(text) <= columns:
        return text
    kept, used = [], 0
    for char in text:
        size = _char_width(char)
        if used + size > columns - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + ELLIPSIS


def wrap(text: str, columns: int, *, indent: str = "") -> list[str]:
    """The lines of ``text`` wrapped to ``columns`` display columns (later lines start with ``indent``).

    Text whose characters are all one column wide is wrapped by ``textwrap`` (so tables keep
    the layout they always had); other text word by word, breaking a word only when it is
    wider than a line (Japanese has no spaces between words).
    """
    columns = max(columns, 1)
    lines = []
    for paragraph in text.split("\n"):
        if width(paragraph) == len(paragraph):
            wrapped = textwrap.wrap(paragraph, columns, subsequent_indent=indent) or [""]
        else:
            wrapped = _wrap_wide(paragraph, columns, indent)
        lines.extend(wrapped)
    return lines


def _wrap_wide(paragraph: str, columns: int, indent: str) -> list[str]:
    lines, line = [], ""
    for word in _words(paragraph):
        if width(line + word) <= columns:
            line += word
            continue
        if line.strip():
            lines.append(line.rstrip())
            line = indent
        word = word.lstrip() if not line.strip() else word
        while width(line + word) > columns:  # a word wider than the line: cut it where it must
            room = columns - width(line)
            head, word = _split_at(word, room)
            if not head:  # not even one character fits after the indent
                head, word = word[:1], word[1:]
            lines.append(line + head)
            line = indent
        line += word
    lines.append(line.rstrip())
    return lines


def _words(paragraph: str) -> list[str]:
    """Each word with the spaces before it; a wide character is a word of its own (CJK breaks anywhere)."""
    words, current = [], ""
    for char in paragraph:
        if char == " " and current.strip():
            words.append(current)
            current = ""
        if wcwidth(char) == 2:
            if current.strip():
                words.append(current)
                current = ""
            words.append(current + char)
            current = ""
            continue
        current += char
    if current:
        words.append(current)
    return words


def _split_at(word: str, columns: int) -> tuple[str, str]:
    used = 0
    for index, char in enumerate(word):
        size = _char_width(char)
        if used + size > columns:
            return word[:index], word[index:]
        used += size
    return word, ""
