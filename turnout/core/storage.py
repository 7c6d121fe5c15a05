from django.core.files.storage import storages


def private_storage():
    """Storage of files that hold personal data (exports, imports, archives): never public."""
    return storages["private"]
