"""Legal clocks and the checklist they create.

- `clock_templates`: ClockTemplate, due_at — the shipped clocks as data.
- `clock_overrides`: templates_in_effect, set_organisation_clocks — the organisation's own
  clock file laid over the shipped one.
- `clock_start`: count_start — the instant a clock counts from.
- `checklist_items`: start_clocks, tick_off, set_authority_due — events start clocks as
  checklist items; ticking off, court-set dates.
- `calendar_export`: deadlines_calendar — open deadlines as an iCalendar file.
"""
