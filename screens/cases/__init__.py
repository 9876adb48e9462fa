"""Cases on screen: the list, one case's view, intake and edit forms, dialogs that add to a
case, possible duplicates, the checklist actions and the risk panel.
"""
