"""Reports built from the register of attentions: satisfaction, the semester report, frequent topics."""
