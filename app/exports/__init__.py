"""Exports and import of a meeting: the verslag (Word and HTML), the results workbook (Excel),
the plans van aanpak (Word, Bijlage 5 layout) and importing results kept elsewhere.

Every document is first built as neutral content (`app.exports.content`) in one privacy mode,
then written by a small writer per format, so the Word verslag and the HTML verslag cannot drift.
"""
