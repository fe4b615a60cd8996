"""`python -m services.integration` runs the service until SIGINT/SIGTERM."""

import asyncio

from services.integration.app import create_app

asyncio.run(create_app().run())
