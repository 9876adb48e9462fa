"""People's names in any script: Latin readings, spelling rules, match keys, similarity.

- `writing_systems`: detect_script, display_name — which script a name is in, which form to
  show.
- `latin`: word_to_latin, split_words — a name in any script as Latin words.
- `spelling_rules`: apply_rules — the named rules that bring spellings of one name together.
- `name_keys`: word_keys, name_words — keys that meet across scripts.
- `similarity`: WordSimilarity, compare_names — how alike two names are.
- `text_folding`: searchable — text folded for searching.
"""
