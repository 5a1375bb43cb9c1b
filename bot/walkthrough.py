"""The application walkthrough: the steps of 利用の流れ, one per turn (pure; no Rasa imports).

Steps follow FACTS.md "Application flow" (001 利用の流れ, 003 ご利用方法, 002 §3). Every line is
taken from those sources; where the sources leave a detail to the municipality, the step says so.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["STEPS", "Step", "clamp_step", "render_step", "walkthrough_target"]


@dataclass(frozen=True)
class Step:
    title: str
    what: str  # what to do
    where: str  # where to do it
    bring: str  # what to bring or prepare ("" when nothing)
    tip: str
    source: str  # for developers: where the step comes from


STEPS: tuple[Step, ...] = (
    Step(
        title="使えるか確かめる",
        what="前に使ったサービスと、就職した日を確かめます。",
        where="このチャットの「使えるか確認」でも確かめられます。",
        bring="就職した日が分かるもの（雇用契約書など）",
        tip="就職して6か月たってから、3年6か月までの人が対象です。",
        source="001 利用の流れ; 003 ご利用期間; FACTS.md Eligibility",
    ),
    Step(
        title="使いたいと伝える",
        what="「就労定着支援を使いたい」と伝えます。",
        where="市区町村の窓口か、相談支援事業所です。前に通った事業所でもよいです。",
        bring="",
        tip="前に通った事業所に伝えると、手伝ってもらえることがあります。",
        source="001 利用の流れ",
    ),
    Step(
        title="事業所を探す",
        what="就労定着支援をしている事業所を探します。",
        where="市区町村の障害福祉の窓口で、紹介してもらえることがあります。",
        bring="",
        tip="見学や説明を受けられる事業所が多いです。前に通った事業所で続けて使えることもあります。",
        source="001 利用の流れ; 003 ご利用対象者",
    ),
    Step(
        title="市区町村に申請する",
        what="利用申請書を出します。生活の様子について聞き取りがあります。",
        where="お住まいの市区町村の窓口です。",
        bring="必要な書類は、窓口で確かめてください。",
        tip="申請は、就職して6か月たつ前からできます。早めがおすすめです。",
        source="001 利用の流れ; 003 ご利用方法",
    ),
    Step(
        title="計画案を作ってもらう",
        what="サービス等利用計画案を作ります。",
        where="相談支援事業所の相談支援専門員が作ります。自分で作るセルフプランの場合もあります。",
        bring="",
        tip="セルフプランで申請する地域もあります。窓口で聞いてください。",
        source="001 利用の流れ; 002 §30 (セルフプランでの申請になる地域もあります)",
    ),
    Step(
        title="書類を出す",
        what="働いていることが分かる書類などを出します。",
        where="市区町村の窓口です。",
        bring="雇用契約書か在職を証明する書類、診断書など",
        tip="必要な書類は、前もって窓口で聞いておくと安心です。",
        source="001 利用の流れ",
    ),
    Step(
        title="受給者証を受け取る",
        what="市区町村の審査のあと、受給者証が届きます。",
        where="市区町村から届きます。",
        bring="",
        tip="受給者証が届いたら、事業所と契約できます。",
        source="001 利用の流れ (受給者証が発行されれば契約を結び); 003 ご利用方法",
    ),
    Step(
        title="事業所と契約する",
        what="使う事業所と、利用の契約をします。",
        where="選んだ就労定着支援事業所です。",
        bring="",
        tip="前に通った事業所で続けて使う場合も、あらためて申し込みが必要です。",
        source="001 利用の流れ; 003 サービスご利用の流れ, ご利用方法",
    ),
    Step(
        title="最初の面談と計画",
        what="担当者と最初の面談をして、支援の計画を作ります。",
        where="事業所の担当者と話します。",
        bring="",
        tip="仕事、生活、体調で困っていることを話しておくと、計画に生かされます。",
        source="001 初回面談・計画作成",
    ),
    Step(
        title="支援を受ける",
        what="月に1回以上、担当者と面談します。職場にも、できるだけ訪問します。",
        where="会って話すか、顔が見えるビデオ通話です。電話だけでは足りません。",
        bring="",
        tip="計画は、少なくとも6か月ごとに見直します。更新の手続きも忘れずにしてください。",
        source="000; 001 定期面談; 002 §14(1)(2) (対面又はテレビ電話装置等); 003",
    ),
    Step(
        title="終わりと引継ぎ",
        what="最長3年で終わります。振り返りの面談をします。",
        where="事業所の担当者と話します。",
        bring="",
        tip="必要なときは、終わったあとの相談先に引き継いでもらえます。",
        source="001 支援終了 (必要に応じて); 003; 002 §31–33 (一律に引継ぐことはしない)",
    ),
)


def clamp_step(index: int) -> int:
    """A valid 0-based step index (so a stale or edited slot value cannot crash the flow)."""
    return max(0, min(len(STEPS) - 1, index))


def render_step(index: int) -> str:
    """The text for one step, with its progress 「3/11」 first."""
    index = clamp_step(index)
    step = STEPS[index]
    lines = [
        f"【{index + 1}/{len(STEPS)}】{step.title}",
        f"・すること：{step.what}",
        f"・どこで：{step.where}",
    ]
    if step.bring:
        lines.append(f"・持ち物：{step.bring}")
    lines.append(f"・ヒント：{step.tip}")
    return "\n".join(lines)


# --- navigation: which step a walkthrough intent shows ---------------------------------


def walkthrough_target(intent: str, current: float | None) -> tuple[int, str]:
    """(step index to show, short lead-in) for a walkthrough intent.

    Starting again while a walkthrough was left half-way resumes at the same step.
    """
    step = clamp_step(int(current)) if current is not None else 0
    if intent == "walkthrough_next":
        if current is not None and step == len(STEPS) - 1:
            return step, "これが最後の手順です。"
        return (clamp_step(step + 1) if current is not None else 0), ""
    if intent == "walkthrough_back":
        if step == 0:
            return 0, "これが最初の手順です。"
        return clamp_step(step - 1), ""
    if intent == "walkthrough_restart":
        return 0, "最初からご案内します。"
    # start_walkthrough, walkthrough_resume, or anything else that opens it
    if current is not None and step > 0:
        return step, "前の続きからご案内します。"
    return 0, "申し込みの手順を、1つずつご案内します。"
