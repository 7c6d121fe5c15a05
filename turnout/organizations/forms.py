from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from turnout.core.uploads import open_raster_image

from .choices import Role
from .models import Organization


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "kind", "country", "sector", "size", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class OrganizationSettingsForm(OrganizationForm):
    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 2 MB. We keep a cleaned copy."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    def clean_logo_upload(self):
        uploaded = self.cleaned_data.get("logo_upload")
        if not uploaded:
            return None
        return open_raster_image(uploaded)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VOLUNTEER)

    def __init__(self, *args, can_grant_owner: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_grant_owner:
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.OWNER]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, can_grant_owner: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_grant_owner = can_grant_owner

    def clean_role(self):
        role = self.cleaned_data["role"]
        if role == Role.OWNER and not self.can_grant_owner:
            raise ValidationError(_("Only an owner can make someone an owner."))
        return role
