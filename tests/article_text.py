"""Plain article paragraphs the detector tests wrap boilerplate in."""

BODY = (
    "The city council voted on Tuesday to approve a new plan for the riverside district, "
    "ending months of debate over housing and traffic.",
    "Supporters said the plan would bring hundreds of affordable homes to the area, "
    "while opponents warned that the roads could not cope with more cars.",
    "The mayor told reporters after the meeting that work on the first phase would begin "
    "next spring and should be finished within two years.",
    "Residents who spoke at the hearing were divided, with several saying they feared "
    "rising rents would push long-time families out of the neighbourhood.",
)
