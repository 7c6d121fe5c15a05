from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import reader
from .mapping import IGNORE, ON_MATCH_FILL, ON_MATCH_UPDATE, mapping_errors
from .services import clean_tag_names


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet file"),
        help_text=_(
            "CSV (any delimiter, UTF-8 or Windows encoding) or Excel .xlsx, with the column "
            "names in the first row. At most 200 MB; only the first sheet of a workbook is read."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.ms-excel,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > reader.MAX_UPLOAD_BYTES:
            raise ValidationError(
                _(
                    "This file is %(size)s; an import can take at most %(max)s. Split it into "
                    "several files."
                )
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(reader.MAX_UPLOAD_BYTES),
                }
            )
        try:
            self.file_info = reader.inspect(upload, upload.name)
        except reader.ImportFileError as exc:
            raise ValidationError(str(exc)) from None
        return upload


class MappingForm(forms.Form):
    """One select per column of the file, then the options of the import."""

    tags = forms.CharField(
        label=_("Tags to add to every imported person"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, for example: fête de la rose 2025, bénévoles"),
    )
    consent_basis = forms.CharField(
        label=_("Where does this data come from, and on what legal basis?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Required, and kept with the import as evidence. For example: “Sign-up sheets of "
            "the 12 May town meeting; people agreed to be contacted about the campaign.”"
        ),
    )
    on_match = forms.ChoiceField(
        label=_("When a row matches someone already in your base (same email, else same phone)"),
        choices=[
            (ON_MATCH_UPDATE, _("Update their record with the values of the file")),
            (ON_MATCH_FILL, _("Only fill in what their record is missing")),
        ],
        initial=ON_MATCH_UPDATE,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args, headers: list[str], targets, initial_columns, require_basis=True, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.headers = headers
        self.column_names = []
        for index, header in enumerate(headers):
            name = f"col_{index}"
            self.column_names.append(name)
            self.fields[name] = forms.ChoiceField(
                label=header,
                choices=targets,
                initial=initial_columns[index] if index < len(initial_columns) else IGNORE,
            )
        if not require_basis:
            self.fields["consent_basis"].required = False
        # Column selects first, then the options.
        order = [*self.column_names, "tags", "consent_basis", "on_match"]
        self.order_fields(order)

    @property
    def column_fields(self):
        return [self[name] for name in self.column_names]

    def columns(self) -> list[str]:
        data = getattr(self, "cleaned_data", {})
        return [data.get(name) or IGNORE for name in self.column_names]

    def clean_tags(self):
        try:
            return clean_tag_names(self.cleaned_data.get("tags", ""))
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        if all(name in data for name in self.column_names):
            for error in mapping_errors(self.columns()):
                self.add_error(None, error)
        return data
