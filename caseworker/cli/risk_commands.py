"""`risk ID`: a case's risk indicators, every rule that fired and the facts behind it;
`--answer FACT=yes|no|unknown` records questionnaire answers first.

The handler imports the store's code when it runs, so that building the parser stays fast."""

from __future__ import annotations

from caseworker.cli.arguments import Commands, command, json_option
from caseworker.cli.output import print_json, print_lines
from caseworker.core.i18n import N_, _, ngettext
from caseworker.core.user_errors import UserError

SHOWN_GAPS = 8  # the weightiest; the rest wait until these are answered


def register(commands: Commands) -> None:
    risk_command = command(commands, "risk", risk,
                           _("a case's risk indicators: the rules that fired, the facts behind "
                           "them, and what is unknown"))
    risk_command.add_argument("id", metavar="ID",
                              help=_("case id (its first six or more characters), or a name "
                                   "that finds one case"))
    json_option(risk_command)
    risk_command.add_argument("--answer", action="append", metavar="FACT=ANSWER",
                              help=_("record a questionnaire answer first (yes, no or unknown); "
                                   "repeat for more"))


def risk(args) -> int:
    # deferred: loads the database code
    from caseworker.cases.case_read import resolve_case_id
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.risk.assessment import assess_case, assessment_to_json
    from caseworker.risk.questionnaire import answer_question

    answers = [_parse_answer(text) for text in args.answer or []]
    with unlocked_store(args) as (store, config):
        who = author(config)
        with store.read() as session:
            case_id = resolve_case_id(session, args.id)
        for question, answer in answers:
            answer_question(store, case_id, question, answer, who)
        with store.read() as session:
            data = assessment_to_json(assess_case(session, case_id, who.now))
    if args.json:
        print_json(data)
    else:
        print_lines(describe_assessment(data))
    return 0


def _parse_answer(text: str) -> tuple[str, str]:
    # deferred: slow to load, and parsing the command line needs none of it
    from caseworker.risk.risk_rules import ANSWERS

    question, _equals, answer = text.partition("=")
    answer = answer.strip().lower()
    if not question.strip() or answer not in ANSWERS:
        raise UserError(f"--answer takes FACT=yes, FACT=no or FACT=unknown, not {text[:60]!r}.")
    return question.strip(), answer


def describe_assessment(data: dict) -> list[str]:
    # deferred: reads the rules file, which building the parser needs none of
    from caseworker.risk.risk_rules import fact_text, rule_text

    lines = [_("Risk indicators: {level} (score {score}, rules {version})").format(
        level=data["level"], score=data["score"], version=data["rules_version"]),
        _(data["note"])]
    for title, key in ((N_("Red flags"), "red_flags"), (N_("Indicators"), "indicators"),
                       (N_("Protective factors"), "protective")):
        if data[key]:
            lines.append(_("{title}:").format(title=_(title)))
        for finding in data[key]:
            points = f" {finding['points']:+d}" if "points" in finding else ""
            text = rule_text(finding["id"], finding["text"])
            lines.append(f"  {finding['id']}{points}  {text}")
            lines.append("      " + _("because {reason}").format(reason=finding["reason"]))
    lines.append(data["gap_summary"])
    for gap in data["gaps"][:SHOWN_GAPS]:
        asked = f"  (--answer {gap['fact']}=yes|no)" if gap["question"] else ""
        lines.append(f"  - {fact_text(gap['fact'], 'todo', gap['todo'])}{asked}")
    if len(data["gaps"]) > SHOWN_GAPS:
        more = len(data["gaps"]) - SHOWN_GAPS
        lines.append("  " + ngettext("and {n} more (--json lists them all)",
                                     "and {n} more (--json lists them all)", more).format(n=more))
    return lines
