"""The Excel layer: the workbook port, the xlwings live adapter, buttons and worksheet functions."""
