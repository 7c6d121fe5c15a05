from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COMPANY = "company", _("Company")
    NGO = "ngo", _("NGO or association")
    PARTY = "party", _("Party or movement")
    PUBLIC_BODY = "public_body", _("Public body")
    AGENCY = "agency", _("Agency")
    MEDIA = "media", _("Media")


class Size(models.TextChoices):
    MICRO = "1-9", _("1 to 9 people")
    SMALL = "10-49", _("10 to 49 people")
    MEDIUM = "50-249", _("50 to 249 people")
    LARGE = "250-999", _("250 to 999 people")
    XLARGE = "1000+", _("1,000 people or more")


class Sector(models.TextChoices):
    TECH = "tech", _("Technology and digital")
    FINANCE = "finance", _("Banking and insurance")
    RETAIL = "retail", _("Retail and consumer goods")
    INDUSTRY = "industry", _("Industry and energy")
    MEDIA = "media", _("Media and culture")
    CONSULTING = "consulting", _("Consulting and services")
    HEALTH = "health", _("Health and social care")
    EDUCATION = "education", _("Education and research")
    FOOD = "food", _("Food and hospitality")
    TRANSPORT = "transport", _("Transport and mobility")
    CIVIC = "civic", _("Civic and non-profit")
    POLITICS = "politics", _("Politics")
    PUBLIC = "public", _("Public sector")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    ORGANIZER = "organizer", _("Organizer")
    VOLUNTEER = "volunteer", _("Volunteer")


class Country(models.TextChoices):
    AT = "AT", _("Austria")
    BE = "BE", _("Belgium")
    BG = "BG", _("Bulgaria")
    HR = "HR", _("Croatia")
    CY = "CY", _("Cyprus")
    CZ = "CZ", _("Czechia")
    DK = "DK", _("Denmark")
    EE = "EE", _("Estonia")
    FI = "FI", _("Finland")
    FR = "FR", _("France")
    DE = "DE", _("Germany")
    GR = "GR", _("Greece")
    HU = "HU", _("Hungary")
    IE = "IE", _("Ireland")
    IT = "IT", _("Italy")
    LV = "LV", _("Latvia")
    LT = "LT", _("Lithuania")
    LU = "LU", _("Luxembourg")
    MT = "MT", _("Malta")
    NL = "NL", _("Netherlands")
    NO = "NO", _("Norway")
    PL = "PL", _("Poland")
    PT = "PT", _("Portugal")
    RO = "RO", _("Romania")
    SK = "SK", _("Slovakia")
    SI = "SI", _("Slovenia")
    ES = "ES", _("Spain")
    SE = "SE", _("Sweden")
    CH = "CH", _("Switzerland")
    GB = "GB", _("United Kingdom")
