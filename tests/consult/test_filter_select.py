"""The filter form's <select>s are written in Python (consult/templatetags/filter_fields.py):
the same options, escaping and choice as Django's own widget writes."""

import re

from django import forms

from consult.templatetags.filter_fields import filter_field

OPTION = re.compile(r'<option value="([^"]*)"\s*(selected)?\s*>([^<]*)</option>')


class _Form(forms.Form):
    unit = forms.ChoiceField(
        required=False,
        choices=[("", "---------"), ("1", 'A&B <车间> "一班"'), ("2", "O'Neil 班组"), ("3", "三")],
    )


def test_options_are_escaped_and_chosen_as_djangos_widget_writes_them():
    field = _Form({"unit": "2"})["unit"]
    ours = OPTION.findall(str(filter_field(field)))
    djangos = OPTION.findall(str(field.as_widget()))
    assert ours == djangos
    assert ("2", "selected", "O&#x27;Neil 班组") in ours
    assert ("1", "", "A&amp;B &lt;车间&gt; &quot;一班&quot;") in ours


class _TextForm(forms.Form):
    content = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=50)


def _textarea(html: str) -> str:
    return re.search(r"<textarea.*?</textarea>", html, re.S).group(0)


def test_a_textarea_keeps_what_was_typed_escaped_as_djangos_widget_writes_it():
    """The public form re-shown after an error keeps the text; nothing typed runs as markup."""
    typed = '第一行 <script>alert("x")</script>\n第二行 & O\'Neil'
    field = _TextForm({"content": typed})["content"]
    ours = _textarea(str(filter_field(field)))
    djangos = field.as_widget(attrs={"class": "textarea form-control"})
    assert ours == djangos
    assert "&lt;script&gt;" in ours and "<script>" not in ours
    empty = _TextForm()["content"]
    assert _textarea(str(filter_field(empty))).endswith(">\n</textarea>")
