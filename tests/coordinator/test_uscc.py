"""USCC check digit (GB 32100-2015)."""

import pytest

from coordinator.domain.uscc import InvalidUSCC, check_character, is_valid_uscc, validate_uscc
from coordinator.seeded import SeededStream

# Published codes of real organisations (public registry entries).
KNOWN_VALID = ["91350100M000100Y43", "9144030071526726XG"]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_codes_validate(code):
    assert validate_uscc(code) == code


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91350100M000100Y44", "校验位错误"),
        ("91350100m000100y43", "大写"),
        ("91350100M000100Y4", "18位"),
        ("91350100M000100YI3", "不允许的字符"),
    ],
)
def test_bad_codes_are_refused_with_a_chinese_reason(code, fragment):
    with pytest.raises(InvalidUSCC) as raised:
        validate_uscc(code)
    assert fragment in raised.value.reason_zh
    assert not is_valid_uscc(code)


def test_every_single_character_change_is_detected():
    code = KNOWN_VALID[0]
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for pos in range(18):
        for ch in alphabet:
            if ch != code[pos]:
                assert not is_valid_uscc(code[:pos] + ch + code[pos + 1 :]), (pos, ch)


def test_check_character_of_a_published_code():
    assert check_character("91350100M000100Y4") == "3"


def test_seeded_stream_matches_the_published_splitmix64_sequence():
    # Reference outputs of SplitMix64 from state 0 (Steele, Lea and Flood's generator).
    stream = SeededStream(0)
    assert stream.next_u64() == 0xE220A8397B1DCDAF
    assert stream.next_u64() == 0x6E789E6AA1B965F4
