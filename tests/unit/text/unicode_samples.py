"""Text that exercises the clustering rules of bot.text.normalize, for the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

# Characters that exercise the clustering rules; mixed with arbitrary ones below.
TRICKY = list(
    "ｶｷﾊﾟﾞﾟ\u3099\u309aかはアハ\u0301\u0308\u0323e\ufe0f\ufe0e\u200d\u200b\x00\t\n "
    "\u3000👨👩👍🏽😊🇯🇵🏴\U000e0067\U000e007fㄱㅏ\u1100\u1161\u11a8가①㍻㈱¨ﷺ２Ａ"
)
tricky_text = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=40)
