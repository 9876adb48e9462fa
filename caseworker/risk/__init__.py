"""Deportation-risk indicators: versioned rules, the facts they read, and each case's
urgency kept as derived data.

- `risk_rules`: RuleSet, shipped_rules — the rules as data.
- `risk_facts`: CaseFacts, gather_facts, passed_before_intake — what the rules read from a
  case, and which clocks had run out before they were recorded.
- `assessment`: Assessment, assess — which rules fired, from which facts.
- `questionnaire`: answer_question — yes / no / unknown answers about a case.
- `urgency`: refresh_urgency, rebuild_urgency — each case's level and next deadline, for the
  dashboard's order.
"""
