"""Bundles on screen: keys and contacts, export, import with its preview, the conflict
inbox.
"""
