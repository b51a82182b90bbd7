from server.passwords import hash_password, verify_password
from server.tokens import new_token, token_digest


def test_right_password_verifies_and_wrong_one_does_not():
    stored = hash_password("rahasia-123")
    assert verify_password("rahasia-123", stored)
    assert not verify_password("rahasia-124", stored)
    assert not verify_password("", stored)


def test_same_password_hashes_differently_per_user_and_is_not_stored_in_clear():
    a, b = hash_password("pantau-demo"), hash_password("pantau-demo")
    assert a != b  # a salt per user
    assert "pantau-demo" not in a
    assert a.startswith("scrypt$")


def test_tampered_or_foreign_hashes_never_verify():
    stored = hash_password("x")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert not verify_password("x", "$".join([scheme, n, r, p, salt, digest[:-4] + "AAA="]))
    assert not verify_password("x", "md5$abc")
    assert not verify_password("x", "")
    assert not verify_password("x", "scrypt$1$1$1$not base64$!!")


def test_tokens_are_random_and_only_their_digest_is_kept():
    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50
    token = tokens.pop()
    assert len(token) >= 40
    digest = token_digest(token)
    assert len(digest) == 64 and token not in digest
    assert token_digest(token) == digest
