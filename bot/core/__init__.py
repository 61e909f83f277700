"""The committee's record and its rules, in plain Python: no Slack, no SQL. One package per capability:

- ``kernel``: what every capability shares (values, ports, documents, zones, the clock, the job policy);
- ``items``: action items (``/action``), their owners, cards and the Home tab;
- ``language``: reading what people type (action lines, due dates);
- ``reminders``: when an owner is reminded, and the DM's buttons;
- ``meetings``: the schedule, agendas, live capture, minutes, decisions and project updates;
- ``events``: conferences, the weekly digest, the calendar feed and its settings;
- ``committees``: a committee's settings and admins (``/committee``).

``services`` is the core as the edges see it: the slash commands, the buttons and the jobs, by name.
"""
