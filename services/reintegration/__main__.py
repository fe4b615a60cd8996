"""`python -m services.reintegration` runs the service until SIGINT/SIGTERM."""

import asyncio

from services.reintegration.app import create_app

asyncio.run(create_app().run())
