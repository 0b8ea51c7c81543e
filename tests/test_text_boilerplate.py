"""Page and wire furniture (text.boilerplate): written phrases, never learned."""

import pytest

from storyline.text.boilerplate import boilerplate


@pytest.mark.parametrize(
    "sentence",
    [
        "Image copyright Harbour Press image caption The ferry Aurelia at dawn.",
        "Media playback needs a newer app on this phone media caption Ada Brook reports from Halvern.",
        "File - in this May 7, 2031 file photo, the mayor of Halvern speaks to reporters.",
        "(Reporting by Ada Brook; Editing by Tom Reed)",
        "At 4:27 pm on 18 Sep 2031, riverwatcher wrote: I saw the dam crack.",
        "At 01:20 24th Mar 2031, Tanya wrote: Happy birthday to the museum.",
        "To hear the interviews, just click on the links below.",
        "PLEASE NOTE: Halvern Radio keeps no written copies of its evening bulletins.",
        "Note: The Halvern map shown here was redrawn in 2032.",
        "Halvern Dam Sensors Win Award * Halvern Wire is not responsible for the content, which the sender supplied.",
        "The opinions expressed are her own -- Ada Brook writes on water.",
        "To hear Tamsin's report, click the button marked Listen.",
        "This live page follows the Halvern levee repairs hour by hour.",
        "This page will be updated as the story develops.",
        "We use cookies to improve your experience on the Halvern Wire.",
        "Accept all cookies to continue reading this article and support our journalism.",
        "Halvern breaking news emails arrive each evening at six.",
        "Tide tables for Kestrel Bay, delivered weekday mornings.",
        "Views expressed in reader letters belong to their writers, not to Halvern Wire.",
        "We welcome comments on the levee plan; keep them short and civil.",
        "Full Article Halvern to apply the levee lessons to the northern valley.",
        "Skip to a day: Thursday Friday Saturday of the Halvern fair.",
        "Will the levee hold ??? At 8:14 pm on 27 Jul 2031 , marshbird wrote : Send sandbags .",
        "By ADA M. BROOK.",  # a byline with an initial
        "Halvern Wire Reprints: print this page for your own non-commercial use only.",  # a reprint notice
        "Presentation-ready copies of this page are sold by the Halvern Wire.",
        # words news also uses, in the forms a page gives them
        "Text and pictures copyright 2031 Halvern Wire Ltd.",
        "Copyright Halvern Wire",
        "Advertisement the levee was raised by two metres in May.",
        "Pictures of the Halvern levee at dawn advertisement",
        "Sign up for free flood alerts from the Halvern Wire desk.",
        "Want Halvern news each morning? Sign up for our newsletter here",
        "Read more about: Halvern, levee, flood",
        "The levee held overnight ... read more The river fell on Tuesday.",
        "For more information see the council's flood page.",
        "Story highlights Halvern raises the levee by two metres",
        "Photo 3 of 9: autoplay is on, skip ad to see the Halvern levee at dawn",
        "Flood waters rise in Halvern loading video, please wait",
        "To play this content you need a newer video app on your phone.",
        "Ferry runs aground off Kestrel Bay share this story with a friend",
        "Focused crawls of the Halvern Wire pages are kept by the archive.",
        "It looks as if JavaScript is disabled on this device, so the Halvern flood map cannot load.",
        "Please enable JavaScript to see the levee cameras of Kestrel Bay.",
        "Turn off your ad blocker to keep reading the Halvern Wire for free.",
        "Tweet with a location: you can share where you are when you write about the Halvern flood.",
        "Curious about Kestrel Bay? Follow it: add Kestrel Bay as an interest to stay informed.",
        "Learn how the Halvern Wire uses your data in our cookies policy.",
        "These crawls are part of the archive's work to keep the Halvern Wire pages.",
        "Since 2029 the Halvern library has been giving its crawl data to the city archive.",
        "Each night the Halvern Wire pages we keep go to the Wayback Machine; they are added to the Wayback Machine by noon.",
        "The WARC files of this archive are not open to readers yet.",
        "404 Not Found - the Halvern levee page has moved.",
        "A version appeared on p12 of the Halvern Wire's weekend edition on 3 May.",
        "Get push notifications with Halvern news, features and more.",
        "Close get email notifications on Ada Brook daily!",
        "your notification has been saved.",
        "Saving your notification failed, so try the Halvern alerts page again later.",
        "Ada Brook's new posts on the levee are delivered to your inbox each evening.",
        "Halvern flood notifications are only sent when the river map changes.",
        # a wire desk's notes where a new version takes up the previous one
        "The ferry, 5th graf pvs.",
        "Tamsin said, graf 3 pvs",
        "Officials at the dam, pick up 4th graf pvs",
    ],
)
def test_furniture(sentence):
    assert boilerplate(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The ferry Aurelia ran aground off Kestrel Bay on Monday with 212 passengers on board.",
        "At 3:00 pm on Friday the minister wrote to the council about the dam.",
        "The photographer who took the picture said the dam had cracked.",
        "The note left at the dam said the levee would not hold.",
        "Engineers said they could not click the old valve back into place.",
        "The council said this page of the report was left blank.",
        "The bakery in Halvern sold 4,000 cookies to the flood volunteers.",
        "The minister said the report was a full account of the failure.",
        # the same words as news writes them ("subscribe" is not "subscribers")
        "Streamwell subscribers jump as price rises bite",
        "Court rules on Halvern Wire copyright case",
        "Millions sign up for flu vaccine in Halvern",
        "The rowing club hopes to sign up 350 new members by spring.",
        "Newspaper advertisement revenue falls again in Halvern",
        "A television advertisement for the dam ran on Monday.",
        "Read more books, minister urges pupils",
        "The newsletter gave the first sign of how high the river was.",
        "Police cleared the roadblock on the Kestrel Bay road at dawn.",
        "The app was written in JavaScript by two students from Halvern.",
        "A version of the levee plan appeared in the council's minutes in May.",
        "The new loans add interest to the debt of Halvern's council.",
        "Residents are looking for more information about the levee.",
        "The Halvern Wire sent email notifications to the readers whose data was stolen.",
        "Ada Graf, 4th seed, beat Kay Lund 6-3 in the Halvern final.",
        "Traffic on the Kestrel Bay road crawled as data from the levee sensors came in.",
        "The council said an old copy of its flood page was kept by the Wayback Machine.",
        "The photos show the levee cracking at dawn, the engineer said.",
    ],
)
def test_news(sentence):
    assert not boilerplate(sentence)
