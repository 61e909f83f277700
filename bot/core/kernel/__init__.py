"""What every capability shares.

- ``boundary``: the values that cross from an edge into the core (Caller, Said, Heard, Post);
- ``model`` and ``record``: the committee's record as plain values (items, events; meetings, decisions, topics);
- ``ports``: what the core needs from storage and the directory, as Protocols;
- ``documents`` and ``markdown``: what the bot says, as plain documents, and those documents as Markdown;
- ``context``: a request's committee, speaker, zone and today (the one place that picks a zone);
- ``zones``, ``clock``: time zones and dates as shown; the one clock;
- ``grammar``: what every command grammar shares (Help, Invalid, item numbers);
- ``jobs``: the scheduler's jobs and their one failure policy.
"""
