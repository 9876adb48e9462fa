"""Install-wide settings kept inside the encrypted store (install id, own keys, ...)."""

from sqlmodel import Field, SQLModel


class Meta(SQLModel, table=True):
    __tablename__ = "meta"

    key: str = Field(primary_key=True)
    value: str = Field(nullable=False)
