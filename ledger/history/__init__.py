"""The office's history (issue 20 §4): an earlier 职工诉求工作台账 — our own XLSX export, or the
handbook's paper form typed into Excel, one sheet per quarter or one for the year — imported
as closed items, so that the annual summaries, the dashboards and the federation's assessment
start complete. It reads files with the roster import's reader (consult.roster.reader) and
refuses them, and rows, the same way."""
