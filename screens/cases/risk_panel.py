"""A case's risk indicators: the level, every rule that fired with the facts behind it,
and the questionnaire for what the case's records do not say.

The panel only shows; answering posts `RiskPanel.Answered` and the case screen saves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from caseworker.core.i18n import N_, _
from caseworker.core.localized_fields import shown
from caseworker.risk.assessment import NOT_SAFE, Assessment
from caseworker.risk.risk_rules import RuleSet, rule_text
from screens.widgets.tables import Col, FitTable

ANSWER_LABELS = {"yes": N_("yes"), "no": N_("no"), "unknown": "?"}



class RiskPanel(Vertical):
    # each question in full, with where its answer came from: the case's detail line
    details: dict[str, str] = {}
    DEFAULT_CSS = """
    RiskPanel #risk-findings { height: auto; max-height: 45%; overflow-y: auto; padding: 0 1; }
    RiskPanel #questions { height: 1fr; min-height: 5; }
    """
    BINDINGS = [
        Binding("y", "answer('yes')", N_("Yes"), id="risk.yes",
                tooltip=N_("Answer yes to the highlighted question")),
        Binding("n", "answer('no')", N_("No"), id="risk.no",
                tooltip=N_("Answer no to the highlighted question")),
        Binding("u", "answer('unknown')", N_("Unknown"), id="risk.unknown",
                tooltip=N_("Answer unknown to the highlighted question")),
    ]

    @dataclass
    class Answered(Message):
        question: str
        answer: str

    def compose(self) -> ComposeResult:
        yield Static("", id="risk-findings")
        # The answer first: on a narrow screen it is what a long question would push off.
        yield FitTable(Col("answer", N_("Answer"), 6), Col("question", N_("Question")),
                       Col("from", N_("From"), 40, narrow=False), id="questions")

    def show(self, assessment: Assessment, rules: RuleSet) -> None:
        self.query_one("#risk-findings", Static).update(findings_text(assessment))
        table = self.query_one("#questions", FitTable)
        cursor = table.cursor_row
        table.clear_cells()
        facts = assessment.facts
        self.details = {}
        for info in rules.questions():
            value = facts.values.get(info.name)
            answer = value if value in ("yes", "no") else "unknown"
            basis = facts.basis.get(info.name, "") if answer != "unknown" else ""
            question = shown(info, "ask")
            said = _(ANSWER_LABELS[answer])
            table.add_cells({"answer": Text(said), "question": Text(question),
                             "from": Text(basis)}, key=info.name)
            self.details[info.name] = f"{question} — {said}" + (f" ({basis})" if basis else "")
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def action_answer(self, answer: str) -> None:
        table = self.query_one("#questions", DataTable)
        if table.row_count == 0:
            return
        question = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if question:
            self.post_message(self.Answered(question, answer))


def findings_text(assessment: Assessment) -> str:
    """Console markup: level, findings with their facts, and the gaps."""
    lines = ["[b]" + _("Risk indicators: {level}").format(level=assessment.level) + "[/b]  "
             + _("score {score} · rules {version}").format(
                 score=assessment.score, version=escape(assessment.rules_version)),
             f"[i]{_(NOT_SAFE)}[/i]"]
    for title, findings in ((N_("Red flag"), assessment.red_flags),
                            (N_("Indicator"), assessment.indicators),
                            (N_("Protective factor"), assessment.protective)):
        for finding in findings:
            points = f" {finding.points:+d}" if finding.points else ""
            lines.append(f"{_(title)}: "
                         f"[b]{escape(finding.id)}{points}[/b] "
                         f"{escape(rule_text(finding.id, finding.text))}"
                         f" — {escape(finding.reason())}")
    lines.append(escape(assessment.gap_summary()))
    lines.append(_("Answer the questions below with y, n or u (unknown). Facts the case's "
                   "records establish are taken from them."))
    return "\n".join(lines)
