"""Sealing of denuncias (D. Leg. 1327): identity and content encrypted, a pseudonym outside.

Fernet (AES-128-CBC + HMAC-SHA256) from the `cryptography` package; several keys
allow rotation: the first seals, all of them open.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class SealError(Exception):
    """A sealed record could not be opened with any configured key."""


def derive_development_key(secret: str) -> str:
    """A Fernet key derived from SECRET_KEY, for development and tests only."""
    digest = hashlib.sha256(("sealing:" + secret).encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


class Sealer:
    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("at least one sealing key is needed")
        self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])

    def seal(self, payload: dict) -> str:
        return self._fernet.encrypt(json.dumps(payload, ensure_ascii=False).encode()).decode()

    def open(self, token: str) -> dict:
        try:
            return json.loads(self._fernet.decrypt(token.encode()))
        except InvalidToken as error:
            raise SealError("no configured key opens this record") from error

    def seal_bytes(self, data: bytes) -> bytes:
        """Encrypt a file (an attachment of a sealed case)."""
        return self._fernet.encrypt(data)

    def open_bytes(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken as error:
            raise SealError("no configured key opens this file") from error

    def rotate(self, token: str) -> str:
        """Re-encrypt with the newest key (after a new key was put first)."""
        return self._fernet.rotate(token.encode()).decode()


def new_pseudonym() -> str:
    """The cipher code shown instead of the complainant, e.g. `RES-7K3Q-9XMA`."""
    chars = "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(8))
    return f"RES-{chars[:4]}-{chars[4:]}"
