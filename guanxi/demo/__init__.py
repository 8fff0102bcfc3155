"""The demo workspace: a Chinese supplier of building hardware and its customers (`guanxi demo`).

Import `guanxi.demo.build` only after Django is set up; `guanxi.demo.workspace` works before.
"""
