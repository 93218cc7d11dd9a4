"""Small checks on text that people type."""


def is_one_line(value: str | None) -> bool:
    """No line break of any kind (the ones str.splitlines knows): such text ends up in
    email headers, where a line break would end the header."""
    return len((value or "").splitlines()) <= 1
