"""Unified Social Credit Code (统一社会信用代码), GB 32100-2015.

18 characters from the code alphabet (digits and upper-case letters without
I, O, Z, S, V); the last is a check character computed from the first 17 with
weights 3^i mod 31 and modulus 31.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18


class InvalidUSCC(ValueError):
    """A code that is not a valid USCC; `reason_zh` is the message for the UI."""

    def __init__(self, code: str, reason: str, reason_zh: str) -> None:
        self.code = code
        self.reason_zh = reason_zh
        super().__init__(f"invalid USCC {code!r}: {reason}")


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_uscc(code: str) -> str:
    """Return `code` if it is a valid USCC as stored (upper case); raise InvalidUSCC otherwise."""
    if len(code) != LENGTH:
        raise InvalidUSCC(code, f"must be {LENGTH} characters, got {len(code)}",
                          f"统一社会信用代码应为18位，实际为{len(code)}位")
    if code != code.upper():
        raise InvalidUSCC(code, "letters must be upper case", "统一社会信用代码中的字母应为大写")
    bad = sorted({ch for ch in code if ch not in VALUE})
    if bad:
        raise InvalidUSCC(code, f"characters not allowed: {''.join(bad)}",
                          f"统一社会信用代码含有不允许的字符：{''.join(bad)}")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise InvalidUSCC(code, f"check character should be {expected}, got {code[17]}",
                          f"统一社会信用代码校验位错误（应为{expected}）")
    return code


def is_valid_uscc(code: str) -> bool:
    try:
        validate_uscc(code)
    except InvalidUSCC:
        return False
    return True
