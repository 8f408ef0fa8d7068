"""yigai (医改): read Chinese healthcare-reform policy documents, tag clauses with
policy themes, extract dates, deadlines, targets and agencies, build timelines."""

__version__ = "0.1.0"
