"""Widgets shared by several screens.

- `form`: TextField, FormSection, ProblemList — a text field that keeps its text when
  focused, titled sections of keyboard-first forms, and the list of problems that points
  at each field.
- `tables`: FitTable, Col — tables whose columns fit the screen's width.
- `cell_updates`: replace_cells — new values for some cells of a DataTable, repainting
  only their lines.
- `work_progress`: WorkProgress — a progress bar that exists only while its work runs.
- `header`: Header — Textual's header, safe while it is being taken down.
- `place_finder`: PlaceFinder — a search box over the gazetteer with its results.
- `path_input`: PathSuggester, chosen_path — a file path completed as it is typed.
"""
