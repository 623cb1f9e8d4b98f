"""What a report says and how it is drawn and written.

``content`` holds what a report says independent of format; one module per report type
(``indicator_trend``, ``jurisdiction_overview``, …, sharing ``common``) fills it from the
analyses; ``charts`` and ``fonts`` draw; ``excel``, ``pdf`` and ``output``
write files; ``display`` and ``explore`` show it in JupyterLab. Content never imports the
writers. May import ``analysis``, ``tables`` and ``sources``, never running.
"""
