"""X-Line-Signature: base64 of the HMAC-SHA256 of the raw request body, keyed with the channel
secret (Messaging API reference, "Verifying signatures"). Checked before the body is parsed."""

from __future__ import annotations

import base64
import hashlib
import hmac


def signature_for(body: bytes, *, channel_secret: str) -> str:
    digest = hmac.new(channel_secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def signature_valid(body: bytes, signature: str | None, *, channel_secret: str) -> bool:
    """True only for the exact signature; compared in constant time."""
    if not signature:
        return False
    expected = signature_for(body, channel_secret=channel_secret)
    return hmac.compare_digest(
        expected.encode("ascii"), signature.strip().encode("ascii", "replace")
    )
