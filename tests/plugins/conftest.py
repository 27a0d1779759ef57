"""The example plugin is a separate installable package: pytest must not collect it."""

collect_ignore_glob = ["competency-example-plugin/*"]
