"""The web app (FastAPI, server-rendered pages): ``roadmap.web.app.create_app``, run by ``roadmap serve``."""
