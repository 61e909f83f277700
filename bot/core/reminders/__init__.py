"""Reminding owners before, on and after the due day.

- ``policy``: when reminders go out (a committee's settings, the moments, the catch-up rule);
- ``planning``: who is reminded of an item, replanned on every change;
- ``job``: the scheduler job that queues the DMs, each once ever;
- ``dm``: the reminder DM and its buttons;
- ``service``: what the DM's buttons do, and what happens when a person cannot be reached.
"""
