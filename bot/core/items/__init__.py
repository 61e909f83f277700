"""Action items.

- ``service``: the use cases of ``/action`` (record, list, complete, re-date, reassign, edit, note, show);
- ``grammar``: ``/action``'s words -> one typed command;
- ``owners``: typed names -> workspace members or named outsiders;
- ``questions``: which person? which date? a past date? -- asked before recording, answered by a button;
- ``cards``: items as documents (the channel card, the owner's DM, lists, history, help);
- ``home``: a member's App Home tab.
"""
