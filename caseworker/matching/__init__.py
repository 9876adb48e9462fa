"""Who might this person already be? Profiles, evidence, scores, decisions.

- `match_profile`: MatchProfile, build_profile — what the matcher knows of a person.
- `home_counties`: recognise — Xinjiang counties named in any script.
- `match_evidence`: findings — findings beside the name that move a score.
- `person_match`: compare — one score from 0 to 100 with reasons.
- `person_index`: nearest_persons, refresh_persons — the derived index that finds candidates
  fast.
- `candidates`: find_candidates, candidates_for_person, candidates_among — persons on
  file who may be this one.
- `match_decisions`: record_decision, decisions_about, same_person_cases — same /
  different / not sure, as people decided.
"""
