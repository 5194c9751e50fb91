from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('epic_auth_app', '0002_departments'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='authsession',
            options={'verbose_name': 'CRM session'},
        ),
        migrations.AddField(
            model_name='authsession',
            name='last_used_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
