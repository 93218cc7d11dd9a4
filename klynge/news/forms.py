from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.core.errors import Invalid
from klynge.core.forms import HoneypotMixin
from klynge.core.uploads import EventImageField
from klynge.news.about import target_for_url
from klynge.news.models import Post


class PostForm(HoneypotMixin, forms.ModelForm):
    WHEN = [
        ("draft", _("Keep it as a draft")),
        ("now", _("Publish now")),
        ("later", _("Publish at a time I choose")),
    ]
    tag_names = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Separate them with commas, for example: breakfast meeting, security."),
    )
    when = forms.ChoiceField(label=_("Publish"), choices=WHEN, widget=forms.RadioSelect)
    about_url = forms.CharField(
        label=_("What is it about?"),
        required=False,
        max_length=500,
        help_text=_(
            "Optional. Paste the address of the event, need or company page the post is "
            "about; that page then shows the post."
        ),
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    class Meta:
        model = Post
        fields = ["title", "lead", "body", "image", "image_alt", "language", "translation_of"]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 12}),
        }
        field_classes = {"image": EventImageField}

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        originals = Post.objects.filter(translation_of__isnull=True).order_by("-created_at")
        if self.instance.pk:
            originals = originals.exclude(pk=self.instance.pk)
        self.fields["translation_of"].queryset = originals
        self.fields["translation_of"].empty_label = _("None: this is the first version")
        self.fields["translation_of"].help_text = _(
            "If this is the same post in another language, choose the first version."
        )
        post = self.instance
        if post.pk and post.about_type_id:
            target = post.about
            self.fields["about_url"].initial = target.get_absolute_url() if target else ""
        if post.pk:
            self.fields["tag_names"].initial = ", ".join(t.name for t in post.tags.all())
            when = "draft" if post.published_at is None else "later" if post.is_scheduled else "now"
            self.fields["when"].initial = when
            if post.published_at:
                self.fields["publish_at"].initial = timezone.localtime(post.published_at)
        else:
            self.fields["when"].initial = "draft"

    def clean_about_url(self):
        url = self.cleaned_data["about_url"].strip()
        if not url:
            return None
        try:
            return target_for_url(url, viewer=self.viewer)
        except Invalid as error:
            raise forms.ValidationError(error.message) from None

    def about(self):
        return self.cleaned_data.get("about_url")

    def clean(self):
        data = super().clean()
        when = data.get("when")
        if when == "later":
            at = data.get("publish_at")
            if at is None:
                self.add_error("publish_at", _("Choose when the post is published."))
            elif at <= timezone.now():
                self.add_error("publish_at", _("Choose a time in the future, or publish now."))
        return data

    def published_at(self):
        when = self.cleaned_data["when"]
        if when == "draft":
            return None
        if when == "later":
            return self.cleaned_data["publish_at"]
        if self.instance.is_published:
            return self.instance.published_at  # stays where it was
        return timezone.now()

    def tags(self) -> list[str]:
        return self.cleaned_data.get("tag_names", "").split(",")

    def model_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in ["title", "lead", "body", "language"]}
        fields["image_alt"] = self.cleaned_data["image_alt"]
        fields["image"] = self.cleaned_data["image"]
        fields["published_at"] = self.published_at()
        return fields
