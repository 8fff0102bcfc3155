"""The canonical columns of a contact file, the header words that name them, and limits."""

from __future__ import annotations

from guanxi.imports.columns import SALES, ColumnSet

CANONICAL = (
    "customer_id",
    "name",
    "name_latin",
    "title",
    "department",
    "phone",
    "mobile",
    "email",
    "wechat",
    "reports_to",
    "stance",
    "influence",
    "buying_roles",
    "decision_orientation",
    "personality",
    "preferences",
    "notes",
)

_ALIASES: dict[str, tuple[str, ...]] = {
    "customer_id": SALES.aliases["customer_id"],
    "name": (
        "姓名", "名字", "联系人", "联系人姓名", "中文名", "中文姓名",
        "聯絡人", "聯繫人", "聯絡人姓名", "full name", "contact", "contact name",
    ),
    "name_latin": ("英文名", "英文姓名", "拼音名", "english name", "latin name"),
    "title": ("职务", "职位", "头衔", "職務", "職位", "頭銜", "job title", "position"),
    "department": ("部门", "部門", "科室", "dept"),
    "phone": (
        "电话", "办公电话", "座机", "固定电话", "電話", "辦公電話", "座機", "固定電話",
        "tel", "telephone", "office phone", "work phone",
    ),
    "mobile": (
        "手机", "手机号", "手机号码", "移动电话", "手機", "手機號", "手機號碼", "行動電話",
        "移動電話", "cell", "cellphone", "mobile phone",
    ),
    "email": ("邮箱", "电子邮箱", "电子邮件", "邮件", "郵箱", "電子郵箱", "電子郵件", "郵件", "mail"),
    "wechat": ("微信", "微信号", "微信號", "wechat id", "weixin"),
    "reports_to": (
        "上级", "直属上级", "汇报对象", "主管", "上級", "直屬上級", "匯報對象", "manager", "boss",
    ),
    "stance": ("态度", "立场", "態度", "立場", "attitude"),
    "influence": ("影响力", "影響力"),
    "buying_roles": (
        "角色", "采购角色", "购买角色", "採購角色", "購買角色", "roles", "buying role",
    ),
    "decision_orientation": ("决策倾向", "决策导向", "決策傾向", "決策導向", "orientation"),
    "personality": ("性格", "个性", "個性"),
    "preferences": ("嗜好", "爱好", "喜好", "愛好", "hobbies"),
    "notes": ("备注", "私人备注", "備註", "私人備註", "personal notes", "note", "remarks"),
}  # fmt: skip

CONTACTS = ColumnSet(CANONICAL, ("customer_id", "name"), _ALIASES)

# The model's max_length for each text column (email: EmailField's 254).
TEXT_LIMITS = {
    "customer_id": 64,
    "name": 100,
    "name_latin": 100,
    "title": 100,
    "department": 100,
    "phone": 40,
    "mobile": 40,
    "email": 254,
    "wechat": 64,
    "reports_to": 100,
}


def contact_columns(account_given: bool) -> ColumnSet:
    """With --account, a file need not say whose contacts they are."""
    return CONTACTS.requiring(("name",)) if account_given else CONTACTS
