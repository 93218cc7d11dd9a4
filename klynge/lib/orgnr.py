"""Norwegian organisation numbers: nine digits, the last a MOD11 check digit."""

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def normalise(value: str) -> str:
    """Drop spaces and the 'NO'/'MVA' decorations people write around the number."""
    text = str(value).upper().replace("NO", "").replace("MVA", "")
    return "".join(ch for ch in text if not ch.isspace())


def check_digit(first_eight: str) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(first_eight, WEIGHTS, strict=True)) % 11
    digit = 11 - remainder
    if digit == 11:
        return 0
    if digit == 10:
        return None  # no valid number has these eight digits
    return digit


def is_valid(value: str) -> bool:
    number = normalise(value)
    if len(number) != 9 or not number.isdigit():
        return False
    return check_digit(number[:8]) == int(number[8])
