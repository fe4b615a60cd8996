"""`python -m services.recruitment` runs the service until SIGINT/SIGTERM."""

import asyncio

from services.recruitment.app import create_app

asyncio.run(create_app().run())
