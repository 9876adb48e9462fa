"""Each module measures one capability and returns Figures."""
