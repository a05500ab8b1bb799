"""The ``polite-decline`` commands: the command line and what each subcommand runs.

:mod:`.cli` parses the arguments and dispatches; ``check``, ``init``, ``preview``,
``status`` (with ``cancel``) and ``demo`` each have their module. ``run`` starts
:class:`mailer.service.Service`.
"""
