"""Forms of the targeting imports. Uploads are checked when they arrive (format, columns,
coordinates system) so that a wrong file is refused at once, with the reason."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from turnout.people.imports import reader
from turnout.people.imports.forms import UploadForm

from .imports.address_rows import IGNORE, mapping_errors, target_choices
from .imports.results import ResultsFileError, columns_of
from .imports.stations import MAX_GEOJSON_BYTES, GeoJSONFileError, geojson_inspect


def communes_field() -> forms.CharField:
    return forms.CharField(
        label=_("Only these communes (optional)"),
        required=False,
        max_length=2000,
        help_text=_(
            "Commune codes separated by commas, for a file that covers several communes (a "
            "metropolitan area, a department). Empty: every commune of the file."
        ),
    )


def commune_codes(text: str) -> list[str]:
    codes = []
    for part in (text or "").replace(";", ",").split(","):
        code = part.strip().upper()
        if not code:
            continue
        if not code.isalnum() or len(code) > 10:
            raise ValidationError(
                _("“%(code)s” is not a commune code (letters and digits).") % {"code": code}
            )
        codes.append(code)
    return codes


class AddressUploadForm(UploadForm):
    """A CSV or XLSX of addresses: people's import reader checks and describes it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Address file")
        self.fields["file"].help_text = _(
            "CSV or Excel .xlsx with the column names in the first row, at most 200 MB. A file "
            "of the Base Adresse Nationale (adresses-29.csv…) is recognized as it is."
        )


class AddressMappingForm(forms.Form):
    """One select per column of the file."""

    draft = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, headers: list[str], initial_columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.column_names = []
        choices = target_choices()
        for index, header in enumerate(headers):
            name = f"col_{index}"
            self.column_names.append(name)
            self.fields[name] = forms.ChoiceField(
                label=header, choices=choices, initial=initial_columns[index]
            )

    @property
    def column_fields(self):
        return [self[name] for name in self.column_names]

    def columns(self) -> list[str]:
        data = getattr(self, "cleaned_data", {})
        return [data.get(name) or IGNORE for name in self.column_names]

    def clean(self):
        data = super().clean()
        if all(name in data for name in self.column_names):
            for error in mapping_errors(self.columns()):
                self.add_error(None, error)
        return data


class StationsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("GeoJSON file of the polling-station areas"),
        help_text=_(
            "One polygon (or several) per polling station, in longitudes and latitudes "
            "(WGS84), with the station number among the properties. At most 25 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_GEOJSON_BYTES:
            raise ValidationError(
                _("This file is %(size)s; a GeoJSON import can take at most %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_GEOJSON_BYTES)}
            )
        upload.seek(0)
        try:
            self.info = geojson_inspect(upload)
        except GeoJSONFileError as exc:
            raise ValidationError(str(exc)) from None
        return upload


class StationsOptionsForm(forms.Form):
    draft = forms.CharField(widget=forms.HiddenInput)
    number = forms.ChoiceField(label=_("Property with the polling station number"))
    place = forms.ChoiceField(label=_("Property with the polling place"), required=False)
    name = forms.ChoiceField(label=_("Property with the station's name"), required=False)
    commune_code = forms.ChoiceField(label=_("Property with the commune code"), required=False)
    commune_name = forms.ChoiceField(label=_("Property with the commune's name"), required=False)
    typed_code = forms.CharField(
        label=_("Commune code, if no property has it"),
        required=False,
        max_length=10,
        help_text=_("The INSEE code of the commune, for example 29019 for Brest."),
    )
    typed_name = forms.CharField(
        label=_("Commune name, if no property has it"), required=False, max_length=200
    )
    communes = communes_field()

    def __init__(self, *args, properties: list[str], examples: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— None —"))] + [
            (p, f"{p} ({examples[p]})" if examples.get(p) else p) for p in properties
        ]
        for role in ("number", "place", "name", "commune_code", "commune_name"):
            self.fields[role].choices = choices

    def clean(self):
        data = super().clean()
        if not data.get("commune_code") and not (data.get("typed_code") or "").strip():
            self.add_error(
                "typed_code",
                _("Choose the property with the commune code, or type the commune code."),
            )
        return data

    def clean_communes(self):
        return commune_codes(self.cleaned_data.get("communes", ""))

    def properties(self) -> dict[str, str]:
        return {
            role: self.cleaned_data.get(role) or ""
            for role in ("number", "place", "name", "commune_code", "commune_name")
        }


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Results file (CSV per polling station)"),
        required=False,
        help_text=_(
            "The Ministry of the Interior's results per polling station (“résultats par "
            "bureau de vote”), with the columns Code commune, Code BV, Inscrits, Votants, "
            "Abstentions."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
    )
    draft = forms.CharField(widget=forms.HiddenInput, required=False)
    election = forms.CharField(
        label=_("Election"),
        max_length=200,
        help_text=_("As it will appear on the map, for example “Législatives 2024, 1er tour”."),
    )
    election_date = forms.DateField(
        label=_("Election day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    round = forms.TypedChoiceField(
        label=_("Round"),
        choices=[(1, _("First round")), (2, _("Second round"))],
        coerce=int,
        initial=1,
    )
    communes = communes_field()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > reader.MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("This file is %(size)s; an import can take at most %(max)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(reader.MAX_UPLOAD_BYTES),
                }
            )
        try:
            self.file_info = reader.inspect(upload, upload.name)
            columns_of(self.file_info.headers)
        except (reader.ImportFileError, ResultsFileError) as exc:
            raise ValidationError(str(exc)) from None
        return upload

    def clean_election_date(self):
        day = self.cleaned_data["election_date"]
        if day > timezone.localdate():
            raise ValidationError(
                _("The election day is in the future: results come after the vote.")
            )
        return day

    def clean_communes(self):
        return commune_codes(self.cleaned_data.get("communes", ""))
